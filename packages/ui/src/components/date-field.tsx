import type { FieldPath, FieldValues } from "react-hook-form";
import { Controller, type SchemaForm } from "../data/use-schema-form.js";
import type { DatePart } from "../dates.js";
import { DateInput } from "./forms.js";

/**
 * A GOV.UK date input bound to a field of a schema form (read by `dateInputSchema`): its boxes'
 * ids from the field's path, its message and the boxes it is about from the form's problems.
 */
export function DateField<Values extends FieldValues, Output>({
  form,
  name,
  legend,
  hint,
}: {
  form: SchemaForm<Values, Output>;
  name: FieldPath<Values>;
  legend: string;
  hint?: string | undefined;
}) {
  return (
    <Controller
      control={form.control}
      name={name}
      render={({ field: { value, onChange } }) => (
        <DateInput
          id={name.replaceAll(".", "-")}
          legend={legend}
          hint={hint}
          value={value}
          onChange={onChange}
          error={form.errorFor(name)}
          errorParts={form.wrongParts(name) as DatePart[]}
        />
      )}
    />
  );
}
