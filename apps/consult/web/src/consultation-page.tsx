import {
  Button,
  Checkboxes,
  ErrorSummary,
  SummaryList,
  Table,
  Textarea,
  errorMessage,
  fieldProblems,
  formatDate,
  formatDateTime,
  useNotFound,
  usePageTitle,
} from "@bernard/ui";
import { useEffect, useState, type FormEvent } from "react";
import {
  addQuestion,
  API,
  BASE,
  fetchConsultation,
  listExports,
  shareConsultation,
  type Consultation,
  type ExportRecord,
} from "./api.js";
import { SharingChoices, describeSharing } from "./sharing.js";

const FORMATS: Record<string, string> = { xlsx: "Excel workbook", docx: "Word report", csv: "CSV" };

/** One consultation: its dates, questions with their response counts, and what to do next. */
export function ConsultationPage({
  id,
  csrfToken,
  userId,
}: {
  id: string;
  csrfToken: string;
  userId: string;
}) {
  const [consultation, setConsultation] = useState<Consultation>();
  const [loadProblem, setLoadProblem] = useState<string>();
  const [text, setText] = useState("");
  const [closed, setClosed] = useState<string[]>([]);
  const [problems, setProblems] = useState<{ field: "text"; message: string }[]>([]);
  const [exports, setExports] = useState<ExportRecord[]>([]);
  const notFound = useNotFound();
  usePageTitle(consultation?.title ?? "Consultation");
  useEffect(() => {
    fetchConsultation(id).then(setConsultation, (error: unknown) => {
      if (!notFound(error)) setLoadProblem(errorMessage(error));
    });
    listExports(id).then(setExports, () => setExports([]));
  }, [id, notFound]);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    try {
      setConsultation(await addQuestion(csrfToken, id, { text, hasClosedPart: closed.length > 0 }));
      setText("");
      setClosed([]);
      setProblems([]);
    } catch (error) {
      setProblems(fieldProblems(error, ["text"] as const, "text"));
    }
  };

  if (loadProblem) return <p className="govuk-body">{loadProblem}</p>;
  if (!consultation) return <p className="govuk-body">Loading…</p>;
  return (
    <>
      <a href={BASE} className="govuk-back-link">
        Back to consultations
      </a>
      <ErrorSummary
        errors={problems.map((problem) => ({ href: `#${problem.field}`, text: problem.message }))}
      />
      <h1 className="govuk-heading-l">{consultation.title}</h1>
      <SummaryList
        rows={[
          { key: "Owner", value: consultation.ownerName },
          { key: "Who can see it", value: describeSharing(consultation) },
          {
            key: "Opened on",
            value: consultation.opensOn ? formatDate(consultation.opensOn) : "Not given",
          },
          {
            key: "Closed on",
            value: consultation.closesOn ? formatDate(consultation.closesOn) : "Not given",
          },
          { key: "Respondents", value: consultation.respondents.toLocaleString("en-GB") },
        ]}
      />
      <h2 className="govuk-heading-m">Questions</h2>
      {consultation.questions.length === 0 ? (
        <p className="govuk-body">Add the consultation's questions, then import the responses.</p>
      ) : (
        <Table
          caption="Questions and their responses"
          rows={consultation.questions}
          rowKey={(question) => question.id}
          columns={[
            { header: "Number", cell: (question) => question.number, numeric: true },
            { header: "Question", cell: (question) => question.text },
            {
              header: "Responses",
              cell: (question) => question.responses.toLocaleString("en-GB"),
              numeric: true,
            },
            {
              header: <span className="govuk-visually-hidden">Actions</span>,
              cell: (question) =>
                question.responses > 0 ? (
                  <a className="govuk-link" href={`${BASE}q/${question.id}`}>
                    Themes
                    <span className="govuk-visually-hidden"> for question {question.number}</span>
                  </a>
                ) : (
                  ""
                ),
            },
          ]}
        />
      )}
      {consultation.questions.length > 0 && (
        <Button href={`${BASE}c/${consultation.id}/import`} variant="secondary">
          Import responses
        </Button>
      )}{" "}
      {consultation.respondents > 0 && (
        <p className="govuk-body">
          Download the results:{" "}
          <a className="govuk-link" href={`${API}/consultations/${consultation.id}/export.xlsx`}>
            Excel workbook<span className="govuk-visually-hidden"> of {consultation.title}</span>
          </a>
          ,{" "}
          <a className="govuk-link" href={`${API}/consultations/${consultation.id}/export.docx`}>
            Word report<span className="govuk-visually-hidden"> of {consultation.title}</span>
          </a>{" "}
          or{" "}
          <a className="govuk-link" href={`${API}/consultations/${consultation.id}/export.csv`}>
            CSV<span className="govuk-visually-hidden"> of {consultation.title}</span>
          </a>
          .
        </p>
      )}
      {exports.length > 0 && (
        <Table
          caption="Downloads of the results, newest first"
          rows={exports.map((record, index) => ({ ...record, key: String(index) }))}
          rowKey={(record) => record.key}
          columns={[
            { header: "When", cell: (record) => formatDateTime(record.at) },
            { header: "Who", cell: (record) => record.actorName },
            { header: "What", cell: (record) => FORMATS[record.format] ?? record.format },
          ]}
        />
      )}
      {consultation.ownerId === userId && (
        <ChangeSharing
          consultation={consultation}
          csrfToken={csrfToken}
          onSaved={setConsultation}
        />
      )}
      <form noValidate onSubmit={(event) => void add(event)}>
        <Textarea
          id="text"
          name="text"
          label="Add a question"
          hint="As it was asked in the consultation."
          value={text}
          onChange={(event) => setText(event.target.value)}
          error={problems[0]?.message}
        />
        <Checkboxes
          name="closed"
          legend="Does it also have a closed part?"
          hint="For example agree or disagree, or a list of options."
          value={closed}
          onChange={setClosed}
          options={[{ value: "yes", text: "Yes, it has a closed part" }]}
        />
        <Button type="submit" variant="secondary">
          Add question
        </Button>
      </form>
    </>
  );
}

/** The owner changes who else may see the consultation. */
function ChangeSharing({
  consultation,
  csrfToken,
  onSaved,
}: {
  consultation: Consultation;
  csrfToken: string;
  onSaved: (consultation: Consultation) => void;
}) {
  const [sharing, setSharing] = useState({
    openToEveryone: consultation.openToEveryone,
    sharedWith: consultation.sharedWith,
  });
  const [saved, setSaved] = useState<string>();
  const save = (event: FormEvent) => {
    event.preventDefault();
    shareConsultation(csrfToken, consultation.id, sharing).then(
      (updated) => {
        onSaved(updated);
        setSaved(`Saved. Who can see it: ${describeSharing(updated)}.`);
      },
      (error: unknown) => setSaved(errorMessage(error)),
    );
  };
  return (
    <form noValidate onSubmit={save}>
      <SharingChoices value={sharing} onChange={setSharing} />
      <Button type="submit" variant="secondary">
        Save who can see it
      </Button>
      {saved && (
        <p className="govuk-body" role="status">
          {saved}
        </p>
      )}
    </form>
  );
}
