import { Button, TextInput, Textarea } from "@bernard/ui";
import { useState } from "react";

/**
 * A form of one text box and its button (allocate, search, say why, comment): it sends what was
 * typed. `rows` makes the box a text area.
 */
export function OneFieldForm({
  id,
  label,
  hint,
  error,
  button,
  initial = "",
  rows,
  variant = "secondary",
  disabled,
  onSubmit,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  button: string;
  initial?: string;
  rows?: number;
  variant?: "primary" | "secondary" | "warning";
  disabled?: boolean;
  onSubmit: (value: string) => void;
}) {
  const [value, setValue] = useState(initial);
  const box = { id, label, hint, error, value };
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(value.trim());
      }}
    >
      {rows ? (
        <Textarea {...box} rows={rows} onChange={(event) => setValue(event.target.value)} />
      ) : (
        <TextInput {...box} onChange={(event) => setValue(event.target.value)} />
      )}
      <Button type="submit" variant={variant} disabled={disabled}>
        {button}
      </Button>
    </form>
  );
}
