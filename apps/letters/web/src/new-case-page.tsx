import {
  caseSchema,
  CHANNELS,
  intakeSchema,
  newCaseSchema,
  REPLY_TYPE_NAMES,
  REPLY_TYPES,
  type Intake,
} from "@bernard/letters-contract";
import {
  Button,
  Controller,
  DateInput,
  ErrorSummary,
  FileUpload,
  NotificationBanner,
  Radios,
  Select,
  TextInput,
  Textarea,
  dateInputSchema,
  datePartsOf,
  errorMessage,
  formatDate,
  usePageTitle,
  useSchemaForm,
  type DatePart,
} from "@bernard/ui";
import { Link, useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { z } from "zod";
import { api } from "./api.js";
import { OneFieldForm } from "./one-field-form.js";

/**
 * Logging a letter: first it is read (uploaded as .eml, .docx, .pdf or .txt, or pasted), then
 * everything read from it is shown in a form to check and correct before the case is logged.
 */
export function NewCasePage() {
  const [intake, setIntake] = useState<Intake>();
  usePageTitle(intake ? "Check the letter's details" : "Log a letter");
  return intake ? <CheckDetails intake={intake} /> : <ReadLetter onRead={setIntake} />;
}

function ReadLetter({ onRead }: { onRead: (intake: Intake) => void }) {
  const [problem, setProblem] = useState<{ field: "file" | "text"; message: string }>();
  const read = async (field: "file" | "text", work: () => Promise<Intake>) => {
    setProblem(undefined);
    try {
      onRead(await work());
    } catch (error) {
      setProblem({ field, message: errorMessage(error) });
    }
  };
  const upload = (form: HTMLFormElement) =>
    read("file", () => {
      const file = (form.elements.namedItem("file") as HTMLInputElement).files?.[0];
      if (!file) return Promise.reject(new Error("Select the letter's file"));
      const data = new FormData();
      data.set("file", file);
      return api.upload("/intake/file", data, intakeSchema);
    });
  return (
    <>
      <Link to="/" className="govuk-back-link">
        Back to cases
      </Link>
      <ErrorSummary
        errors={problem ? [{ href: `#${problem.field}`, text: problem.message }] : []}
      />
      <h1 className="govuk-heading-l">Log a letter</h1>
      <p className="govuk-body">
        The drafter reads who wrote, whether an MP wrote for a constituent, the date and the points
        raised. You check and correct them next.
      </p>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void upload(event.currentTarget);
        }}
      >
        <FileUpload
          id="file"
          name="file"
          label="Upload the letter or email"
          hint="An email saved as .eml, a Word document, a PDF or a text file."
          accept=".eml,.docx,.pdf,.txt"
          error={problem?.field === "file" ? problem.message : undefined}
        />
        <Button type="submit">Read the letter</Button>
      </form>
      <OneFieldForm
        id="text"
        label="Or paste its text"
        rows={8}
        button="Read the pasted letter"
        error={problem?.field === "text" ? problem.message : undefined}
        onSubmit={(text) =>
          void read("text", () => api.post("/intake/text", { text }, intakeSchema))
        }
      />
    </>
  );
}

const WHO_WROTE = [
  { value: "mp", text: "An MP, on behalf of a constituent" },
  { value: "public", text: "A member of the public" },
];
const REPLY_KINDS = REPLY_TYPES.map((value) => ({ value, text: REPLY_TYPE_NAMES[value] }));

const shape = newCaseSchema.shape;
/** The form's own reading of the date boxes and of lists typed one item a line, then the API's rules. */
const caseForm = z.object({
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
  topic: shape.topic,
  team: shape.team,
  replyType: shape.replyType,
  joinCampaign: z.boolean(),
});

const linesOf = (text: string, separator: RegExp) =>
  text
    .split(separator)
    .map((item) => item.replace(/\s+/g, " ").trim())
    .filter(Boolean);

function CheckDetails({ intake }: { intake: Intake }) {
  const navigate = useNavigate();
  const { fields } = intake;
  const form = useSchemaForm(caseForm, {
    defaultValues: {
      ...fields,
      address: fields.address.join("\n"),
      letterDate: datePartsOf(fields.letterDate),
      points: fields.points.join("\n\n"),
      channel: intake.channel,
      receivedOn: datePartsOf(intake.receivedOn),
      topic: "",
      team: "",
      replyType: "policy",
      joinCampaign: true,
    },
  });
  const submit = form.handleSubmit(async ({ address, points, letterDate, ...rest }) => {
    try {
      const created = await api.post(
        "/cases",
        {
          ...rest,
          address: linesOf(address, /\n/),
          points: linesOf(points, /\n\s*\n/),
          letterDate: letterDate ?? "",
          letterText: intake.letterText,
        },
        caseSchema,
      );
      await navigate({ to: "/c/$id", params: { id: created.id } });
    } catch (error) {
      form.showApiError(error, "correspondentName");
    }
  });
  const [correspondentType, replyType, joinCampaign] = form.watch([
    "correspondentType",
    "replyType",
    "joinCampaign",
  ]);
  const dateBoxes = (name: "letterDate" | "receivedOn", legend: string, hint?: string) => (
    <Controller
      control={form.control}
      name={name}
      render={({ field: { value, onChange } }) => (
        <DateInput
          id={name}
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
  return (
    <>
      <Link to="/" className="govuk-back-link">
        Back to cases
      </Link>
      <ErrorSummary errors={form.summary} />
      <h1 className="govuk-heading-l">Check the letter&apos;s details</h1>
      <p className="govuk-body">
        Read from {intake.fileName ?? "the pasted text"}. Correct anything that is wrong.
      </p>
      {intake.campaign.length > 0 && (
        <NotificationBanner title="Campaign">
          <p className="govuk-notification-banner__heading">
            This letter has the same text as {intake.campaign.map((c) => c.reference).join(", ")}.
          </p>
        </NotificationBanner>
      )}
      <form noValidate onSubmit={(event) => void submit(event)}>
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
        {dateBoxes("letterDate", "Date of the letter", "For example, 3 3 2026.")}
        <TextInput label="Subject" {...form.field("subject")} />
        <Textarea
          label="Points it raises"
          hint="One point a paragraph, with a blank line between them. Each gets its own answer."
          rows={10}
          {...form.field("points")}
        />
        <h2 className="govuk-heading-m">The case</h2>
        {dateBoxes("receivedOn", "Date received")}
        <p className="govuk-body" data-testid="deadline">
          Deadline if received today: <strong>{formatDate(intake.deadline)}</strong> (
          {intake.workingDays} working days; weekends and bank holidays in England and Wales are not
          counted). It is counted again from the date received when you log the case.
        </p>
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
          onChange={([chosen]) =>
            form.setValue("replyType", chosen as (typeof REPLY_TYPES)[number])
          }
          error={form.errorFor("replyType")}
        />
        {intake.campaign.length > 0 && (
          <Radios
            name="joinCampaign"
            legend="Answer it with the letters that have the same text?"
            hint="One reply is approved for the whole campaign; each letter still goes to its own correspondent."
            options={[
              { value: "yes", text: "Yes, as one campaign" },
              { value: "no", text: "No, answer it on its own" },
            ]}
            value={[joinCampaign ? "yes" : "no"]}
            onChange={([chosen]) => form.setValue("joinCampaign", chosen === "yes")}
          />
        )}
        <Button type="submit" preventDoubleClick>
          Log the case
        </Button>
      </form>
    </>
  );
}
