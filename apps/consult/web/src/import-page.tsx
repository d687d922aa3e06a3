import {
  Button,
  Checkboxes,
  ErrorSummary,
  FileUpload,
  JobProgressBar,
  Select,
  SummaryList,
  Table,
  errorMessage,
  fieldProblems,
  useJobProgress,
  useNotFound,
  usePageTitle,
} from "@bernard/ui";
import { useEffect, useState, type FormEvent } from "react";
import {
  BASE,
  fetchConsultation,
  fetchJob,
  jobEvents,
  startImport,
  uploadFile,
  type Consultation,
  type ImportSummary,
  type UploadPreview,
} from "./api.js";

const NONE = "";

/**
 * Importing responses: upload a file, see its first rows, choose which column holds what,
 * then follow the import and read what it found (row by row problems included).
 */
export function ImportPage({
  consultationId,
  csrfToken,
}: {
  consultationId: string;
  csrfToken: string;
}) {
  const [consultation, setConsultation] = useState<Consultation>();
  const [preview, setPreview] = useState<UploadPreview>();
  const [jobId, setJobId] = useState<string>();
  const [problems, setProblems] = useState<{ field: string; message: string }[]>([]);
  const notFound = useNotFound();
  usePageTitle("Import responses");
  useEffect(() => {
    fetchConsultation(consultationId).then(setConsultation, (error: unknown) => {
      if (!notFound(error)) setProblems([{ field: "file", message: errorMessage(error) }]);
    });
  }, [consultationId, notFound]);

  const upload = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const file = new FormData(event.currentTarget).get("file");
    if (!(file instanceof File) || file.size === 0) {
      setProblems([{ field: "file", message: "Select a CSV, Excel or JSON Lines file" }]);
      return;
    }
    try {
      setPreview(await uploadFile(csrfToken, consultationId, file));
      setProblems([]);
    } catch (error) {
      setProblems(fieldProblems(error, ["file"] as const, "file"));
    }
  };

  return (
    <>
      <a href={`${BASE}c/${consultationId}`} className="govuk-back-link">
        Back to the consultation
      </a>
      <ErrorSummary
        errors={problems.map((problem) => ({
          href: `#${problem.field.replaceAll(".", "-")}`,
          text: problem.message,
        }))}
      />
      <span className="govuk-caption-l">{consultation?.title}</span>
      <h1 className="govuk-heading-l">Import responses</h1>
      {!preview && (
        <form noValidate onSubmit={(event) => void upload(event)}>
          <FileUpload
            id="file"
            name="file"
            label="Upload the responses"
            hint="A CSV, Excel workbook (.xlsx) or JSON Lines file, with the column headings in the first row. Exports from Citizen Space, Qualtrics and Microsoft Forms work as they are."
            accept=".csv,.txt,.xlsx,.jsonl,.ndjson"
            error={problems.find((problem) => problem.field === "file")?.message}
          />
          <Button type="submit" preventDoubleClick>
            Upload and preview
          </Button>
        </form>
      )}
      {preview && consultation && !jobId && (
        <MappingForm
          preview={preview}
          consultation={consultation}
          onStart={async (mapping) => {
            try {
              setJobId((await startImport(csrfToken, preview.uploadId, mapping)).id);
              setProblems([]);
            } catch (error) {
              const fields = [
                "respondentId",
                ...consultation.questions.map((_, index) => `questions.${index}.column`),
              ];
              setProblems(fieldProblems(error, fields, "respondentId"));
            }
          }}
        />
      )}
      {jobId && consultation && <ImportProgress jobId={jobId} consultation={consultation} />}
    </>
  );
}

function MappingForm({
  preview,
  consultation,
  onStart,
}: {
  preview: UploadPreview;
  consultation: Consultation;
  onStart: (mapping: {
    respondentId?: string;
    questions: { questionId: string; column: string; closedColumn?: string }[];
    demographics: string[];
  }) => Promise<void>;
}) {
  const guess = (words: RegExp) =>
    preview.columns.find((column) => words.test(column.toLowerCase())) ?? NONE;
  const [respondentId, setRespondentId] = useState(guess(/\b(respon\w* ?id|respondent|^id$)/));
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [closed, setClosed] = useState<Record<string, string>>({});
  const [demographics, setDemographics] = useState<string[]>([]);
  const options = [
    { value: NONE, text: "Choose a column" },
    ...preview.columns.map((column) => ({ value: column, text: column })),
  ];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void onStart({
      ...(respondentId ? { respondentId } : {}),
      questions: consultation.questions
        .filter((question) => answers[question.id])
        .map((question) => ({
          questionId: question.id,
          column: answers[question.id]!,
          ...(closed[question.id] ? { closedColumn: closed[question.id] } : {}),
        })),
      demographics,
    });
  };

  return (
    <>
      <p className="govuk-body">
        {preview.fileName}: {preview.columns.length} columns
        {preview.encoding ? `, read as ${preview.encoding.toUpperCase()}` : ""}. The first rows:
      </p>
      <div className="bernard-scroll">
        <Table
          caption="First rows of the file"
          rows={preview.rows.slice(0, 5).map((row, index) => ({ ...row, __row: String(index) }))}
          rowKey={(row) => row.__row}
          columns={preview.columns.map((column) => ({
            header: column,
            cell: (row: Record<string, string>) => (row[column] ?? "").slice(0, 120),
          }))}
        />
      </div>
      <form noValidate onSubmit={submit}>
        <h2 className="govuk-heading-m">Which column holds what?</h2>
        <Select
          id="respondentId"
          label="Respondent ID"
          hint="Used to spot the same person twice. Without one, respondents are numbered by row."
          value={respondentId}
          onChange={(event) => setRespondentId(event.target.value)}
          options={[
            { value: NONE, text: "None: number the rows" },
            ...preview.columns.map((column) => ({ value: column, text: column })),
          ]}
        />
        {consultation.questions.map((question, index) => (
          <fieldset className="govuk-fieldset govuk-!-margin-bottom-6" key={question.id}>
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
              Question {question.number}: {question.text}
            </legend>
            <Select
              id={`questions-${index}-column`}
              label="Free-text answer"
              value={answers[question.id] ?? NONE}
              onChange={(event) => setAnswers({ ...answers, [question.id]: event.target.value })}
              options={options}
            />
            {question.hasClosedPart && (
              <Select
                id={`questions-${index}-closedColumn`}
                label="Closed answer (agree, disagree, an option)"
                value={closed[question.id] ?? NONE}
                onChange={(event) => setClosed({ ...closed, [question.id]: event.target.value })}
                options={options}
              />
            )}
          </fieldset>
        ))}
        <Checkboxes
          name="demographics"
          legend="About the respondents (optional)"
          hint="Columns to keep for filtering, like region or age group."
          value={demographics}
          onChange={setDemographics}
          options={preview.columns.map((column) => ({ value: column, text: column }))}
        />
        <Button type="submit" preventDoubleClick>
          Import responses
        </Button>
      </form>
    </>
  );
}

function ImportProgress({ jobId, consultation }: { jobId: string; consultation: Consultation }) {
  const status = useJobProgress(jobEvents(jobId));
  const [summary, setSummary] = useState<ImportSummary>();
  useEffect(() => {
    if (status?.state === "completed")
      void fetchJob(jobId).then((job) => setSummary(job.result as ImportSummary));
  }, [status?.state, jobId]);
  const questionNumber = (id: string) =>
    consultation.questions.find((question) => question.id === id)?.number;
  return (
    <>
      <JobProgressBar status={status} label="Importing responses" />
      {status?.state === "failed" && <p className="govuk-body">{status.error}</p>}
      {summary && (
        <>
          <h2 className="govuk-heading-m">Import finished</h2>
          <SummaryList
            rows={[
              { key: "Rows read", value: summary.rows.toLocaleString("en-GB") },
              { key: "Respondents imported", value: summary.respondents.toLocaleString("en-GB") },
              {
                key: "Already imported before",
                value: summary.alreadyImported.toLocaleString("en-GB"),
              },
              { key: "Answers imported", value: summary.answers.toLocaleString("en-GB") },
              ...Object.entries(summary.emptyAnswers).map(([questionId, count]) => ({
                key: `Left question ${questionNumber(questionId)} empty`,
                value: count.toLocaleString("en-GB"),
              })),
            ]}
          />
          {summary.problems.length > 0 && (
            <Table
              caption={`Rows to check (${Object.values(summary.problemCounts).reduce((a, b) => a + b, 0)})`}
              rows={summary.problems}
              rowKey={(problem) => `${problem.rowNumber}-${problem.kind}`}
              columns={[
                { header: "Row", cell: (problem) => problem.rowNumber, numeric: true },
                { header: "What to check", cell: (problem) => problem.message },
              ]}
            />
          )}
          <Button href={`${BASE}c/${consultation.id}`}>Back to the consultation</Button>
        </>
      )}
    </>
  );
}
