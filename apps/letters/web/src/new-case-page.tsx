import { caseSchema, intakeSchema, type Intake } from "@bernard/letters-contract";
import {
  Button,
  ErrorSummary,
  FileUpload,
  NotificationBanner,
  Radios,
  errorMessage,
  formatDate,
  usePageTitle,
  useSchemaForm,
} from "@bernard/ui";
import { Link, useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { api } from "./api.js";
import { CaseFields, caseForm, caseFormValues, caseFromForm } from "./case-fields.js";
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

function CheckDetails({ intake }: { intake: Intake }) {
  const navigate = useNavigate();
  const { fields } = intake;
  const [joinCampaign, setJoinCampaign] = useState(true);
  const form = useSchemaForm(caseForm, {
    defaultValues: caseFormValues(fields, {
      channel: intake.channel,
      receivedOn: intake.receivedOn,
      topic: "",
      team: "",
      replyType: "policy",
    }),
  });
  const submit = form.submitTo(async (values) => {
    const created = await api.post(
      "/cases",
      { ...caseFromForm(values), letterText: intake.letterText, joinCampaign },
      caseSchema,
    );
    await navigate({ to: "/c/$id", params: { id: created.id } });
  }, "correspondentName");
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
        <CaseFields
          form={form}
          deadline={
            <p className="govuk-body" data-testid="deadline">
              Deadline if received today: <strong>{formatDate(intake.deadline)}</strong> (
              {intake.workingDays} working days; weekends and bank holidays in England and Wales are
              not counted). It is counted again from the date received when you log the case.
            </p>
          }
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
            onChange={([chosen]) => setJoinCampaign(chosen === "yes")}
          />
        )}
        <Button type="submit" preventDoubleClick>
          Log the case
        </Button>
      </form>
    </>
  );
}
