import {
  IMPORT_JOB,
  IMPORT_STAGES,
  importSummarySchema,
  jobSnapshotSchema,
  uploadPreviewSchema,
  type Consultation,
  type JobSnapshot,
  type UploadPreview,
} from "@bernard/consult-contract";
import {
  ApiError,
  Button,
  ButtonLink,
  Checkboxes,
  Controller,
  ErrorSummary,
  FileUpload,
  JobPanel,
  Select,
  SummaryList,
  Table,
  errorMessage,
  formatDateTime,
  subjectJobKey,
  useMutation,
  usePageTitle,
  useQuery,
  useQueryClient,
  useSchemaForm,
  useSubjectJob,
} from "@bernard/ui";
import { Link, useNavigate } from "@tanstack/react-router";
import { useState, type FormEvent } from "react";
import { z } from "zod";
import { api, queries } from "./api.js";

const NONE = "";

/**
 * Importing responses: upload a file, see its first rows, choose which column holds what,
 * then follow the import and read what it found (row by row problems included). The upload is
 * in the address (`?upload=`), so a reload finds the file and its import again.
 */
export function ImportPage({
  consultationId,
  uploadId,
}: {
  consultationId: string;
  uploadId: string | undefined;
}) {
  const { data: consultation } = useQuery(queries.consultation(consultationId));
  usePageTitle("Import responses");
  return (
    <>
      <Link to="/c/$id" params={{ id: consultationId }} className="govuk-back-link">
        Back to the consultation
      </Link>
      {uploadId && consultation ? (
        <Upload uploadId={uploadId} consultation={consultation} />
      ) : (
        <>
          <span className="govuk-caption-l">{consultation?.title}</span>
          <h1 className="govuk-heading-l">Import responses</h1>
          <UploadForm consultationId={consultationId} />
        </>
      )}
    </>
  );
}

function UploadForm({ consultationId }: { consultationId: string }) {
  const navigate = useNavigate();
  const [problem, setProblem] = useState<string>();
  const upload = useMutation({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.set("file", file, file.name);
      return api.upload(`/consultations/${consultationId}/uploads`, form, uploadPreviewSchema);
    },
    onSuccess: (preview) =>
      navigate({
        to: "/c/$id/import",
        params: { id: consultationId },
        search: { upload: preview.uploadId },
      }),
    onError: (error) => setProblem(errorMessage(error)),
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const file = new FormData(event.currentTarget).get("file");
    // No file chosen (an empty one is sent, and the API says it is empty).
    if (!(file instanceof File) || file.name === "") {
      setProblem("Select a CSV, Excel or JSON Lines file");
      return;
    }
    upload.mutate(file);
  };
  return (
    <>
      <ErrorSummary errors={problem ? [{ href: "#file", text: problem }] : []} />
      <form noValidate onSubmit={submit}>
        <FileUpload
          id="file"
          name="file"
          label="Upload the responses"
          hint="A CSV, Excel workbook (.xlsx) or JSON Lines file, with the column headings in the first row. Exports from Citizen Space, Qualtrics and Microsoft Forms work as they are."
          accept=".csv,.txt,.xlsx,.jsonl,.ndjson"
          error={problem}
        />
        <Button type="submit" preventDoubleClick>
          Upload and preview
        </Button>
      </form>
    </>
  );
}

/** An uploaded file: its column mapping until it is imported, then its import. */
function Upload({ uploadId, consultation }: { uploadId: string; consultation: Consultation }) {
  const { data: preview } = useQuery({
    queryKey: ["upload", uploadId],
    queryFn: ({ signal }) => api.get(`/uploads/${uploadId}`, uploadPreviewSchema, { signal }),
  });
  const subject = { kind: IMPORT_JOB.kind, id: uploadId };
  const { job, query } = useSubjectJob(api, subject, IMPORT_JOB.name);
  return (
    <>
      <span className="govuk-caption-l">{consultation.title}</span>
      <h1 className="govuk-heading-l">Import responses</h1>
      {job && <ImportProgress job={job} consultation={consultation} />}
      {preview && query.isSuccess && !job && (
        <MappingForm preview={preview} consultation={consultation} />
      )}
    </>
  );
}

/** The mapping form's values: every question's columns, whether chosen or not. */
const mappingForm = z.object({
  respondentId: z.string(),
  questions: z.array(
    z.object({ questionId: z.string(), column: z.string(), closedColumn: z.string() }),
  ),
  demographics: z.array(z.string()),
});

function MappingForm({
  preview,
  consultation,
}: {
  preview: UploadPreview;
  consultation: Consultation;
}) {
  const client = useQueryClient();
  const form = useSchemaForm(mappingForm, {
    defaultValues: { ...obviousColumns(preview.columns, consultation.questions), demographics: [] },
  });
  const options = [
    { value: NONE, text: "Choose a column" },
    ...preview.columns.map((column) => ({ value: column, text: column })),
  ];

  const submit = form.handleSubmit(async ({ respondentId, questions, demographics }) => {
    // Only the questions given a column are sent: `sent[n]` is the form's place of the API's nth.
    const sent = questions.flatMap((question, index) => (question.column ? [index] : []));
    const mapping = {
      ...(respondentId ? { respondentId } : {}),
      questions: sent.map((index) => {
        const { questionId, column, closedColumn } = questions[index]!;
        return { questionId, column, ...(closedColumn ? { closedColumn } : {}) };
      }),
      demographics,
    };
    try {
      await api.post(`/uploads/${preview.uploadId}/import`, { mapping }, jobSnapshotSchema);
      await client.invalidateQueries({
        queryKey: subjectJobKey({ kind: IMPORT_JOB.kind, id: preview.uploadId }, IMPORT_JOB.name),
      });
    } catch (error) {
      form.showApiError(inFormPlaces(error, sent), "respondentId");
    }
  });

  return (
    <>
      <ErrorSummary errors={form.summary} />
      <p className="govuk-body">
        {preview.fileName}, uploaded {formatDateTime(preview.uploadedAt)}: {preview.columns.length}{" "}
        columns
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
      <form noValidate onSubmit={(event) => void submit(event)}>
        <h2 className="govuk-heading-m">Which column holds what?</h2>
        <Select
          id="respondentId"
          label="Respondent ID"
          hint="Used to spot the same person twice. Without one, respondents are numbered by row."
          {...form.register("respondentId")}
          error={form.errorFor("respondentId")}
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
              {...form.register(`questions.${index}.column`)}
              error={form.errorFor(`questions.${index}.column`)}
              options={options}
            />
            {question.hasClosedPart && (
              <Select
                id={`questions-${index}-closedColumn`}
                label="Closed answer (agree, disagree, an option)"
                {...form.register(`questions.${index}.closedColumn`)}
                error={form.errorFor(`questions.${index}.closedColumn`)}
                options={options}
              />
            )}
          </fieldset>
        ))}
        <Controller
          control={form.control}
          name="demographics"
          render={({ field }) => (
            <Checkboxes
              name="demographics"
              legend="About the respondents (optional)"
              hint="Columns to keep for filtering, like region or age group."
              value={field.value}
              onChange={field.onChange}
              options={preview.columns.map((column) => ({ value: column, text: column }))}
            />
          )}
        />
        <Button type="submit" preventDoubleClick>
          Import responses
        </Button>
      </form>
    </>
  );
}

/** Words only, in lower case: headings and questions compared whatever their punctuation. */
const wordsOf = (text: string) =>
  text
    .toLowerCase()
    .replaceAll(/[^\p{L}\p{N}]+/gu, " ")
    .trim();

/**
 * The columns whose headings make the choice obvious, the rest left to choose: the respondent
 * ID (a heading like "Response ID"); a question's answer under the question's own words; with
 * a closed part, the closed answer under the question's first words and the free text under the
 * rest ("Please explain your answer"); the one answer-like column when there is one question.
 * A column is only guessed when just one fits and no other guess took it.
 */
function obviousColumns(columns: string[], questions: Consultation["questions"]) {
  const taken = new Set<string>();
  const only = (fits: (words: string) => boolean) => {
    const found = columns.filter((column) => !taken.has(column) && fits(wordsOf(column)));
    if (found.length !== 1) return NONE;
    taken.add(found[0]!);
    return found[0]!;
  };
  const respondentId = only((words) => /^(respon\w* ?id|respondent|id)$/.test(words));
  const mapped = questions.map((question) => {
    const asked = wordsOf(question.text);
    const closedColumn = question.hasClosedPart
      ? only((words) => words.includes(" ") && asked.startsWith(`${words} `))
      : NONE;
    const rest = closedColumn ? asked.slice(wordsOf(closedColumn).length + 1) : "";
    return {
      questionId: question.id,
      closedColumn,
      column:
        only((words) => words === asked) ||
        (rest ? only((words) => words.startsWith(rest) || rest.startsWith(words)) : NONE),
    };
  });
  if (mapped.length === 1 && !mapped[0]!.column)
    mapped[0]!.column = only((words) => /^(answers?|responses?|comments?)$/.test(words));
  return { respondentId, questions: mapped };
}

/** The API's problems with the questions it was sent, put against their places in the form. */
function inFormPlaces(error: unknown, sent: number[]): unknown {
  if (!(error instanceof ApiError)) return error;
  const fields = error.fields.map((problem) => ({
    ...problem,
    field: problem.field.replace(
      /^questions\.(\d+)\./,
      (whole, index: string) => `questions.${sent[Number(index)] ?? index}.`,
    ),
  }));
  return new ApiError(error.status, error.code, error.message, fields);
}

function ImportProgress({ job, consultation }: { job: JobSnapshot; consultation: Consultation }) {
  const client = useQueryClient();
  const stop = useMutation({
    mutationFn: () => api.post(`/jobs/${job.id}/cancel`, {}, jobSnapshotSchema),
    onSuccess: () =>
      client.invalidateQueries({
        queryKey: subjectJobKey({ kind: IMPORT_JOB.kind, id: job.subject!.id }),
      }),
  });
  const summary =
    job.state === "completed" ? importSummarySchema.safeParse(job.result).data : undefined;
  const questionNumber = (id: string) =>
    consultation.questions.find((question) => question.id === id)?.number;
  return (
    <>
      <JobPanel
        title="Importing responses"
        status={job}
        stages={IMPORT_STAGES}
        onStop={() => stop.mutate()}
        stopping={stop.isPending}
      />
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
          <ButtonLink to="/c/$id" params={{ id: consultation.id }}>
            Back to the consultation
          </ButtonLink>
        </>
      )}
    </>
  );
}
