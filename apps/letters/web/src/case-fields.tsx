import {
  CHANNELS,
  newCaseSchema,
  REPLY_TYPE_NAMES,
  REPLY_TYPES,
  type LetterFields,
} from "@bernard/letters-contract";
import {
  DateField,
  Radios,
  Select,
  TextInput,
  Textarea,
  dateInputSchema,
  datePartsOf,
  type SchemaForm,
} from "@bernard/ui";
import type { ReactNode } from "react";
import { z } from "zod";

const WHO_WROTE = [
  { value: "mp", text: "An MP, on behalf of a constituent" },
  { value: "public", text: "A member of the public" },
];
const REPLY_KINDS = REPLY_TYPES.map((value) => ({ value, text: REPLY_TYPE_NAMES[value] }));

const shape = newCaseSchema.shape;
/**
 * A case's details as a form, when it is logged and when a person changes them: the form's own
 * reading of the date boxes and of lists typed one item a line, then the API's rules.
 */
export const caseForm = z.object({
  correspondentType: shape.correspondentType,
  correspondentName: shape.correspondentName,
  address: z.string().max(2_000),
  postcode: shape.postcode,
  email: shape.email,
  mpName: shape.mpName,
  constituency: shape.constituency,
  mpReference: shape.mpReference,
  constituentName: shape.constituentName,
  letterDate: dateInputSchema("Date of the letter"),
  subject: shape.subject,
  points: z.string().max(100_000),
  channel: shape.channel,
  receivedOn: dateInputSchema("Date received").refine(
    (date) => date !== undefined,
    "Enter the date it was received",
  ),
  /** Shown only once the case is logged: when it is first logged it is counted. */
  deadline: dateInputSchema("Deadline"),
  topic: shape.topic,
  team: shape.team,
  replyType: shape.replyType,
});
type CaseFormValues = z.input<typeof caseForm>;
export type CaseForm = SchemaForm<CaseFormValues, z.output<typeof caseForm>>;

/** The form's values for a case's fields (as read from the letter, or as they stand). */
export function caseFormValues(
  fields: LetterFields,
  details: Pick<CaseFormValues, "channel" | "topic" | "team" | "replyType"> & {
    receivedOn: string;
    deadline?: string;
  },
): CaseFormValues {
  return {
    ...fields,
    ...details,
    address: fields.address.join("\n"),
    letterDate: datePartsOf(fields.letterDate),
    points: fields.points.join("\n\n"),
    receivedOn: datePartsOf(details.receivedOn),
    deadline: datePartsOf(details.deadline ?? ""),
  };
}

const linesOf = (text: string, separator: RegExp) =>
  text
    .split(separator)
    .map((item) => item.replace(/\s+/g, " ").trim())
    .filter(Boolean);

/** What the API is sent from the form (the deadline is each page's to send, or not). */
export function caseFromForm({
  address,
  points,
  letterDate,
  deadline: _deadline,
  ...rest
}: z.output<typeof caseForm>) {
  return {
    ...rest,
    address: linesOf(address, /\n/),
    points: linesOf(points, /\n\s*\n/),
    letterDate: letterDate ?? "",
  };
}

/**
 * The fields of a case: who wrote (an MP for a constituent, or a member of the public), the
 * letter, and the case itself; `deadline` is what each page shows of the deadline.
 */
export function CaseFields({ form, deadline }: { form: CaseForm; deadline: ReactNode }) {
  const [correspondentType, replyType] = form.watch(["correspondentType", "replyType"]);
  return (
    <>
      <h2 className="govuk-heading-m">Who wrote</h2>
      <Radios
        name="correspondentType"
        legend="Who wrote?"
        options={WHO_WROTE}
        value={[correspondentType]}
        onChange={([chosen]) => form.setValue("correspondentType", chosen as "mp" | "public")}
        error={form.errorFor("correspondentType")}
      />
      {correspondentType === "mp" && (
        <>
          <TextInput label="MP's name" {...form.field("mpName")} />
          <TextInput label="Constituency" {...form.field("constituency")} />
          <TextInput
            label="MP's reference"
            hint="Quoted in the reply."
            className="govuk-input--width-20"
            {...form.field("mpReference")}
          />
          <TextInput label="Constituent's name" {...form.field("constituentName")} />
        </>
      )}
      <TextInput label="Correspondent's name" {...form.field("correspondentName")} />
      <Textarea label="Address" hint="One line each." rows={4} {...form.field("address")} />
      <TextInput
        label="Postcode"
        className="govuk-input--width-10"
        autoComplete="postal-code"
        {...form.field("postcode")}
      />
      <TextInput label="Email address" type="email" spellCheck={false} {...form.field("email")} />
      <h2 className="govuk-heading-m">The letter</h2>
      <DateField
        form={form}
        name="letterDate"
        legend="Date of the letter"
        hint="For example, 3 3 2026."
      />
      <TextInput label="Subject" {...form.field("subject")} />
      <Textarea
        label="Points it raises"
        hint="One point a paragraph, with a blank line between them. Each gets its own answer."
        rows={10}
        {...form.field("points")}
      />
      <h2 className="govuk-heading-m">The case</h2>
      <DateField form={form} name="receivedOn" legend="Date received" />
      {deadline}
      <Select
        label="How it arrived"
        options={CHANNELS.map((channel) => ({ value: channel, text: channel }))}
        {...form.field("channel")}
      />
      <TextInput
        label="Topic"
        hint="Lines to take of this topic rank higher."
        {...form.field("topic")}
      />
      <TextInput
        label="Team"
        hint="The team that answers it: the case is shared with people in this portal group."
        {...form.field("team")}
      />
      <Radios
        name="replyType"
        legend="Kind of reply"
        options={REPLY_KINDS}
        value={[replyType]}
        onChange={([chosen]) => form.setValue("replyType", chosen as (typeof REPLY_TYPES)[number])}
        error={form.errorFor("replyType")}
      />
    </>
  );
}
