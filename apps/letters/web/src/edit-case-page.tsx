import { caseSchema, type Case } from "@bernard/letters-contract";
import {
  Button,
  Checkboxes,
  DateField,
  ErrorSummary,
  errorMessage,
  formatDate,
  useNotFound,
  usePageTitle,
  useQuery,
  useQueryClient,
  useSchemaForm,
} from "@bernard/ui";
import { Link, useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { api, keys, queries } from "./api.js";
import { CaseFields, caseForm, caseFormValues, caseFromForm } from "./case-fields.js";

/** Changing a case's details: who wrote, the MP, the dates, the topic and the kind of reply. */
export function EditCasePage({ id }: { id: string }) {
  const details = useQuery(queries.case(id));
  const notFound = useNotFound();
  usePageTitle(details.data ? `Change the details of case ${details.data.reference}` : "Case");
  if (details.error && notFound(details.error)) return null;
  if (details.error) return <p className="govuk-body">{errorMessage(details.error)}</p>;
  if (!details.data) return <p className="govuk-body">Loading the case…</p>;
  return <EditCase found={details.data} />;
}

function EditCase({ found }: { found: Case }) {
  const navigate = useNavigate();
  const client = useQueryClient();
  // Only offered once a person set the deadline: otherwise it is counted already.
  const [recount, setRecount] = useState(false);
  const form = useSchemaForm(caseForm, {
    defaultValues: caseFormValues(found, {
      channel: found.channel,
      receivedOn: found.receivedOn,
      deadline: found.deadline,
      topic: found.topic,
      team: found.team,
      replyType: found.replyType,
    }),
  });
  const submit = form.submitTo(async (values) => {
    await api.put(
      `/cases/${found.id}`,
      // An unchanged deadline with a new received date is counted again, unless a person set it.
      { ...caseFromForm(values), deadline: recount ? null : values.deadline },
      caseSchema,
    );
    await client.invalidateQueries({ queryKey: keys.case(found.id) });
    await client.invalidateQueries({ queryKey: keys.cases });
    await navigate({ to: "/c/$id", params: { id: found.id }, search: { done: "details" } });
  }, "correspondentName");
  return (
    <>
      <Link to="/c/$id" params={{ id: found.id }} className="govuk-back-link">
        Back to case {found.reference}
      </Link>
      <ErrorSummary errors={form.summary} />
      <span className="govuk-caption-l">Case {found.reference}</span>
      <h1 className="govuk-heading-l">Change the case&apos;s details</h1>
      <p className="govuk-body">The change log keeps what each detail was before.</p>
      <form noValidate onSubmit={(event) => void submit(event)}>
        <CaseFields
          form={form}
          deadline={
            <>
              <DateField
                form={form}
                name="deadline"
                legend="Deadline"
                hint={
                  found.deadlineSetByPerson
                    ? "A person set this deadline, so a new date received leaves it alone."
                    : "Counted in working days from the date received: a new date received moves it, unless you change it here."
                }
              />
              {found.deadlineSetByPerson && (
                <Checkboxes
                  name="recount"
                  legend="Count the deadline again"
                  options={[
                    {
                      value: "recount",
                      text: `Count it again in working days from the date received (it is ${formatDate(found.deadline)} now)`,
                    },
                  ]}
                  value={recount ? ["recount"] : []}
                  onChange={(chosen) => setRecount(chosen.includes("recount"))}
                />
              )}
            </>
          }
        />
        <div className="govuk-button-group">
          <Button type="submit" preventDoubleClick>
            Save the details
          </Button>
          <Link to="/c/$id" params={{ id: found.id }} className="govuk-link">
            Cancel
          </Link>
        </div>
      </form>
    </>
  );
}
