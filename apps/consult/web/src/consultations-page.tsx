import { Button, ErrorSummary, Table, TextInput, errorMessage, fieldProblems } from "@bernard/ui";
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
  const [opensOn, setOpensOn] = useState("");
  const [closesOn, setClosesOn] = useState("");
  const [sharing, setSharing] = useState<Sharing>({ openToEveryone: false, sharedWith: [] });
  const [problems, setProblems] = useState<{ field: Field; message: string }[]>([]);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const created = await createConsultation(csrfToken, {
        title,
        ...(opensOn ? { opensOn } : {}),
        ...(closesOn ? { closesOn } : {}),
        ...sharing,
      });
      window.location.assign(`${BASE}c/${created.id}`);
    } catch (error) {
      setProblems(fieldProblems(error, FIELDS, "title"));
    }
  };
  const problemFor = (field: Field) => problems.find((problem) => problem.field === field)?.message;
  return (
    <>
      <a href={BASE} className="govuk-back-link">
        Back to consultations
      </a>
      <ErrorSummary
        errors={problems.map((problem) => ({ href: `#${problem.field}`, text: problem.message }))}
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
        <TextInput
          id="opensOn"
          name="opensOn"
          type="date"
          label="Opened on (optional)"
          className="govuk-input--width-10"
          value={opensOn}
          onChange={(event) => setOpensOn(event.target.value)}
          error={problemFor("opensOn")}
        />
        <TextInput
          id="closesOn"
          name="closesOn"
          type="date"
          label="Closed on (optional)"
          className="govuk-input--width-10"
          value={closesOn}
          onChange={(event) => setClosesOn(event.target.value)}
          error={problemFor("closesOn")}
        />
        <SharingChoices value={sharing} onChange={setSharing} />
        <Button type="submit" preventDoubleClick>
          Create consultation
        </Button>
      </form>
    </>
  );
}
