import { zodResolver } from "@hookform/resolvers/zod";
import {
  useForm,
  type FieldErrors,
  type FieldPath,
  type FieldValues,
  type UseFormProps,
  type UseFormReturn,
} from "react-hook-form";
import type { z } from "zod";
import { ApiError, errorMessage } from "../api.js";

export interface FormProblem {
  /** The field's path, which is also its control's id (`title`, `questions.0.column`). */
  field: string;
  message: string;
}

/** Every message in react-hook-form's nested errors, with the path of the field it is about. */
function problemsIn(errors: FieldErrors, prefix = ""): FormProblem[] {
  return Object.entries(errors).flatMap(([key, error]) => {
    if (!error || key === "ref" || key === "root") return [];
    const field = prefix ? `${prefix}.${key}` : key;
    // A field's own error has a `type`; anything else groups the errors of an object or array.
    if (typeof (error as { type?: unknown }).type === "string") {
      const message = (error as { message?: unknown }).message;
      return typeof message === "string" ? [{ field, message }] : [];
    }
    return problemsIn(error as FieldErrors, field);
  });
}

export type SchemaFormOptions<Values extends FieldValues, Output> = Omit<
  UseFormProps<Values, unknown, Output>,
  "resolver"
> & {
  /** The element a field's problem links to when it is not the field's id (`opensOn` → `opensOn-day`). */
  anchors?: Partial<Record<string, string>>;
};

export type SchemaForm<Values extends FieldValues, Output> = UseFormReturn<
  Values,
  unknown,
  Output
> & {
  problems: FormProblem[];
  errorFor: (field: FieldPath<Values>) => string | undefined;
  summary: { href: string; text: string }[];
  showApiError: (error: unknown, fallback: FieldPath<Values>) => void;
};

/**
 * A form checked by the same zod schema the API checks it with (from the tool's contract), with
 * its problems in the shapes the GOV.UK components take: `errorFor(field)` for a control's
 * `error`, `summary` for `<ErrorSummary errors>`. `showApiError` puts the API's own answer
 * against the fields it names, or else against `fallback`.
 */
export function useSchemaForm<Schema extends z.ZodType<unknown, FieldValues>>(
  schema: Schema,
  { anchors = {}, ...options }: SchemaFormOptions<z.input<Schema>, z.output<Schema>> = {},
): SchemaForm<z.input<Schema>, z.output<Schema>> {
  type Values = z.input<Schema>;
  const form = useForm<Values, unknown, z.output<Schema>>({
    ...options,
    // The resolver's overloads cannot follow a generic schema; its input and output are Schema's.
    resolver: zodResolver(schema as never) as never,
  });
  const problems = problemsIn(form.formState.errors);
  const errorFor = (field: FieldPath<Values>) =>
    problems.find((problem) => problem.field === field)?.message;
  const summary = problems.map((problem) => ({
    href: `#${anchors[problem.field] ?? problem.field}`,
    text: problem.message,
  }));
  const showApiError = (error: unknown, fallback: FieldPath<Values>) => {
    const fields = new Set(Object.keys(form.getValues()));
    const matching =
      error instanceof ApiError
        ? error.fields.filter((problem) => fields.has(problem.field.split(".")[0]!))
        : [];
    if (matching.length === 0) {
      form.setError(fallback, { type: "server", message: errorMessage(error) });
      return;
    }
    for (const problem of matching) {
      form.setError(problem.field as FieldPath<Values>, {
        type: "server",
        message: problem.message,
      });
    }
  };
  return { ...form, problems, errorFor, summary, showApiError };
}
