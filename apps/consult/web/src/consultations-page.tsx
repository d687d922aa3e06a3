import {
  Button,
  DateInput,
  EMPTY_DATE,
  ErrorSummary,
  Table,
  TextInput,
  errorMessage,
  fieldProblems,
  readDateParts,
  usePageTitle,
  type DatePart,
} from "@bernard/ui";
import { useEffect, useState, type FormEvent } from "react";
import {
  BASE,
  createConsultation,
  listConsultations,
  type Consultation,
  type Sharing,
} from "./api.js";
import { SharingChoices } from "./sharing.js";

/** Every consultation, newest first. */
export function ConsultationsPage() {
  const [consultations, setConsultations] = useState<Consultation[]>();
  const [problem, setProblem] = useState<string>();
  usePageTitle("Consultations");
  useEffect(() => {
    listConsultations().then(setConsultations, (error: unknown) => setProblem(errorMessage(error)));
  }, []);
  return (
    <>
      <h1 className="govuk-heading-l">Consultations</h1>
      <p className="govuk-body">
        Import the responses to a consultation, find the themes in them, and check how every
        response was sorted.
      </p>
      <Button href={`${BASE}new`}>Create a consultation</Button>
      {problem && <p className="govuk-body">{problem}</p>}
      {consultations?.length === 0 && <p className="govuk-body">There are no consultations yet.</p>}
      {consultations && consultations.length > 0 && (
        <Table
          caption="All consultations"
          rows={consultations}
          rowKey={(consultation) => consultation.id}
          columns={[
            {
              header: "Title",
              cell: (consultation) => (
                <a className="govuk-link" href={`${BASE}c/${consultation.id}`}>
                  {consultation.title}
                </a>
              ),
            },
            { header: "Owner", cell: (consultation) => consultation.ownerName },
            {
              header: "Questions",
              cell: (consultation) => consultation.questions.length,
              numeric: true,
            },
            {
              header: "Respondents",
              cell: (consultation) => consultation.respondents.toLocaleString("en-GB"),
              numeric: true,
            },
          ]}
        />
      )}
    </>
  );
}

const FIELDS = ["title", "opensOn", "closesOn"] as const;
type Field = (typeof FIELDS)[number];

export function NewConsultationPage({ csrfToken }: { csrfToken: string }) {
  const [title, setTitle] = useState("");
  const [opensOn, setOpensOn] = useState(EMPTY_DATE);
  const [closesOn, setClosesOn] = useState(EMPTY_DATE);
  const [sharing, setSharing] = useState<Sharing>({ openToEveryone: false, sharedWith: [] });
  const [problems, setProblems] = useState<{ field: Field; message: string; parts?: DatePart[] }[]>(
    [],
  );
  usePageTitle("Create a consultation");
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const opens = readDateParts(opensOn, "Opened on");
    const closes = readDateParts(closesOn, "Closed on");
    const dateProblems = [
      ...(opens.state === "invalid" ? [{ field: "opensOn" as const, ...opens }] : []),
      ...(closes.state === "invalid" ? [{ field: "closesOn" as const, ...closes }] : []),
    ];
    if (dateProblems.length > 0) return setProblems(dateProblems);
    try {
      const created = await createConsultation(csrfToken, {
        title,
        ...(opens.state === "valid" ? { opensOn: opens.value } : {}),
        ...(closes.state === "valid" ? { closesOn: closes.value } : {}),
        ...sharing,
      });
      window.location.assign(`${BASE}c/${created.id}`);
    } catch (error) {
      setProblems(fieldProblems(error, FIELDS, "title"));
    }
  };
  const problemFor = (field: Field) => problems.find((problem) => problem.field === field)?.message;
  const partsFor = (field: Field) => problems.find((problem) => problem.field === field)?.parts;
  // A date's problem links to its first box that is wrong.
  const anchor = (problem: (typeof problems)[number]) =>
    problem.field === "title" ? "#title" : `#${problem.field}-${problem.parts?.[0] ?? "day"}`;
  return (
    <>
      <a href={BASE} className="govuk-back-link">
        Back to consultations
      </a>
      <ErrorSummary
        errors={problems.map((problem) => ({ href: anchor(problem), text: problem.message }))}
      />
      <h1 className="govuk-heading-l">Create a consultation</h1>
      <form noValidate onSubmit={(event) => void submit(event)}>
        <TextInput
          id="title"
          name="title"
          label="Title"
          value={title}
          onChange={(event) => setTitle(event.target.value)}
          error={problemFor("title")}
        />
        <DateInput
          id="opensOn"
          legend="Opened on (optional)"
          hint="For example, 27 3 2026"
          value={opensOn}
          onChange={setOpensOn}
          error={problemFor("opensOn")}
          errorParts={partsFor("opensOn")}
        />
        <DateInput
          id="closesOn"
          legend="Closed on (optional)"
          hint="For example, 27 3 2026"
          value={closesOn}
          onChange={setClosesOn}
          error={problemFor("closesOn")}
          errorParts={partsFor("closesOn")}
        />
        <SharingChoices value={sharing} onChange={setSharing} />
        <Button type="submit" preventDoubleClick>
          Create consultation
        </Button>
      </form>
    </>
  );
}
