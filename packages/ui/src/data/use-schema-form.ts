import { zodResolver } from "@hookform/resolvers/zod";
import type { BaseSyntheticEvent } from "react";
import {
  useForm,
  type FieldErrors,
  type FieldPath,
  type FieldValues,
  type UseFormProps,
  type UseFormRegisterReturn,
  type UseFormReturn,
} from "react-hook-form";
import { z } from "zod";
import { readDateParts, type DatePart } from "../dates.js";
import { ApiError, errorMessage } from "../api.js";

export interface FormProblem {
  /** The field's path (`title`, `questions.0.column`); its control's id has dashes for dots. */
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

/** For controls that are not plain inputs (a date input, checkboxes) and lists of fields: react-hook-form's own. */
export { Controller, useFieldArray } from "react-hook-form";

export type SchemaFormOptions<Values extends FieldValues, Output> = Omit<
  UseFormProps<Values, unknown, Output>,
  "resolver"
> & {
  /** Where a field's problem links to, when not its path with dashes (`title` → `#title-input`). */
  anchors?: Partial<Record<string, string>>;
};

export type SchemaForm<Values extends FieldValues, Output> = UseFormReturn<
  Values,
  unknown,
  Output
> & {
  problems: FormProblem[];
  /** The message for a field, or the first about a part of it (a date's day, a list's item). */
  errorFor: (field: FieldPath<Values>) => string | undefined;
  /** The parts of a field that are wrong (`["day", "month"]` of a date). */
  wrongParts: (field: FieldPath<Values>) => string[];
  summary: { href: string; text: string }[];
  /**
   * A text control's props, `<TextInput label="Title" {...form.field("title")} />`: its id (the
   * path with dashes, as `summary` links to it), its registration and its message.
   */
  field: (name: FieldPath<Values>) => UseFormRegisterReturn<FieldPath<Values>> & {
    id: string;
    error: string | undefined;
  };
  showApiError: (error: unknown, fallback: FieldPath<Values>) => void;
  /**
   * The form's submit handler when the API answers it: checks the form, then `send`s its values;
   * if the API refuses them, its problems are shown as `showApiError` shows them.
   */
  submitTo: (
    send: (values: Output) => Promise<unknown>,
    fallback: FieldPath<Values>,
  ) => (event?: BaseSyntheticEvent) => Promise<void>;
};

/**
 * A form checked by the same zod schema the API checks it with (from the tool's contract), with
 * its problems in the shapes the GOV.UK components take: `errorFor(field)` for a control's
 * `error`, `wrongParts(field)` for a date's `errorParts`, `summary` for `<ErrorSummary errors>`. `showApiError` puts the API's own answer
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
  const about = (field: string) =>
    problems.filter((problem) => problem.field === field || problem.field.startsWith(`${field}.`));
  const errorFor = (field: FieldPath<Values>) => about(field)[0]?.message;
  const wrongParts = (field: FieldPath<Values>) =>
    about(field).map((problem) => problem.field.slice(field.length + 1));
  // Controls are named by their path with dashes (`questions-0-column`, `opensOn-day`); one
  // message about several parts of a field (a date's month and year) is listed once.
  const summary = problems
    .filter(
      (problem, index) =>
        !problems
          .slice(0, index)
          .some(
            (earlier) =>
              earlier.message === problem.message &&
              earlier.field.split(".")[0] === problem.field.split(".")[0],
          ),
    )
    .map((problem) => ({
      href: `#${anchors[problem.field] ?? problem.field.replaceAll(".", "-")}`,
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
  const field = (name: FieldPath<Values>) => ({
    id: name.replaceAll(".", "-"),
    ...form.register(name),
    error: errorFor(name),
  });
  const submitTo = (
    send: (values: z.output<Schema>) => Promise<unknown>,
    fallback: FieldPath<Values>,
  ) =>
    form.handleSubmit(async (values) => {
      try {
        await send(values);
      } catch (error) {
        showApiError(error, fallback);
      }
    });
  return { ...form, problems, errorFor, wrongParts, summary, field, showApiError, submitTo };
}

/**
 * The three boxes of a GOV.UK date input, read with the GOV.UK messages: a calendar date
 * (`2026-09-01`), or undefined when left empty; each wrong box gets the message.
 */
export const dateInputSchema = (label: string) =>
  z.object({ day: z.string(), month: z.string(), year: z.string() }).transform((parts, context) => {
    const read = readDateParts(parts, label);
    if (read.state === "invalid") {
      for (const part of read.parts satisfies DatePart[])
        context.addIssue({ code: "custom", message: read.message, path: [part] });
      return z.NEVER;
    }
    return read.state === "valid" ? read.value : undefined;
  });
