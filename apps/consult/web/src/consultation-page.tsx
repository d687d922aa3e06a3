import {
  consultationSchema,
  newQuestionSchema,
  type Consultation,
} from "@bernard/consult-contract";
import {
  Button,
  ButtonLink,
  Checkboxes,
  Controller,
  ErrorSummary,
  SharingFields,
  SummaryList,
  Table,
  Textarea,
  errorMessage,
  formatDate,
  describeSharing,
  formatDateTime,
  useMutation,
  usePageTitle,
  usePortalSession,
  useQuery,
  useQueryClient,
  useSchemaForm,
} from "@bernard/ui";
import { Link } from "@tanstack/react-router";
import { useState, type FormEvent } from "react";
import { API, SHARING, TOOL_NAME, api, keys, queries } from "./api.js";
import { ConsultationTasks } from "./consultation-tasks.js";

const FORMATS: Record<string, string> = { xlsx: "Excel workbook", docx: "Word report", csv: "CSV" };

/** One consultation: its dates, questions with their response counts, and what to do next. */
export function ConsultationPage({ id }: { id: string }) {
  const { user } = usePortalSession();
  const client = useQueryClient();
  const { data: consultation, error: loadProblem } = useQuery(queries.consultation(id));
  const { data: exports = [] } = useQuery(queries.exports(id));
  const form = useSchemaForm(newQuestionSchema, {
    defaultValues: { text: "", hasClosedPart: false },
  });
  usePageTitle(consultation?.title ?? "Consultation");

  const add = form.submitTo(async (question) => {
    await api.post(`/consultations/${id}/questions`, question, consultationSchema);
    form.reset();
    await client.invalidateQueries({ queryKey: keys.consultation(id) });
  }, "text");

  if (loadProblem) return <p className="govuk-body">{errorMessage(loadProblem)}</p>;
  if (!consultation) return <p className="govuk-body">Loading…</p>;
  return (
    <>
      <Link to="/" className="govuk-back-link">
        Back to consultations
      </Link>
      <ErrorSummary errors={form.summary} />
      <h1 className="govuk-heading-l">{consultation.title}</h1>
      <SummaryList
        rows={[
          { key: "Owner", value: consultation.ownerName },
          { key: "Who can see it", value: describeSharing(consultation, TOOL_NAME) },
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
      <ConsultationTasks consultation={consultation} downloadedAt={exports[0]?.at} />
      {consultation.questions.length === 0 ? (
        <>
          <h2 className="govuk-heading-m">Questions</h2>
          <p className="govuk-body">
            Add the consultation&apos;s questions, then import the responses.
          </p>
        </>
      ) : (
        // The table's caption is the section's heading.
        <Table
          caption="Questions"
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
                  <Link className="govuk-link" to="/q/$id" params={{ id: question.id }}>
                    Themes
                    <span className="govuk-visually-hidden"> for question {question.number}</span>
                  </Link>
                ) : (
                  ""
                ),
            },
          ]}
        />
      )}
      {consultation.questions.length > 0 && (
        <ButtonLink to="/c/$id/import" params={{ id: consultation.id }} secondary>
          Import responses
        </ButtonLink>
      )}{" "}
      {consultation.respondents > 0 && (
        <p className="govuk-body" id="downloads">
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
      {consultation.ownerId === user.id && <ChangeSharing consultation={consultation} />}
      <form noValidate onSubmit={(event) => void add(event)}>
        <Textarea
          id="text"
          label="Add a question"
          hint="As it was asked in the consultation."
          {...form.register("text")}
          error={form.errorFor("text")}
        />
        <Controller
          control={form.control}
          name="hasClosedPart"
          render={({ field }) => (
            <Checkboxes
              name="closed"
              legend="Does it also have a closed part?"
              hint="For example agree or disagree, or a list of options."
              value={field.value ? ["yes"] : []}
              onChange={(chosen) => field.onChange(chosen.includes("yes"))}
              options={[{ value: "yes", text: "Yes, it has a closed part" }]}
            />
          )}
        />
        <Button type="submit" variant="secondary">
          Add question
        </Button>
      </form>
    </>
  );
}

/** The owner changes who else may see the consultation. */
function ChangeSharing({ consultation }: { consultation: Consultation }) {
  const client = useQueryClient();
  const groups = useQuery(queries.me()).data?.groups ?? [];
  const [sharing, setSharing] = useState({
    openToEveryone: consultation.openToEveryone,
    sharedWith: consultation.sharedWith,
  });
  const save = useMutation({
    mutationFn: () =>
      api.put(`/consultations/${consultation.id}/sharing`, sharing, consultationSchema),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.consultation(consultation.id) }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <form noValidate onSubmit={submit}>
      <SharingFields {...SHARING} groups={groups} value={sharing} onChange={setSharing} />
      <Button type="submit" variant="secondary">
        Save who can see it
      </Button>
      {(save.data || save.error) && (
        <p className="govuk-body" role="status">
          {save.data
            ? `Saved. Who can see it: ${describeSharing(save.data, TOOL_NAME)}.`
            : errorMessage(save.error)}
        </p>
      )}
    </form>
  );
}
