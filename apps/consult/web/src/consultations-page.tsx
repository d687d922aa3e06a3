import { consultationSchema, newConsultationSchema } from "@bernard/consult-contract";
import {
  Button,
  ButtonLink,
  Controller,
  DateInput,
  EMPTY_DATE,
  ErrorSummary,
  SharingFields,
  Table,
  TextInput,
  dateInputSchema,
  errorMessage,
  sharingFieldsOf,
  useQuery,
  usePageTitle,
  useSchemaForm,
  type DatePart,
} from "@bernard/ui";
import { Link, useNavigate } from "@tanstack/react-router";
import { z } from "zod";
import { SHARING, api, queries } from "./api.js";

/** Every consultation, newest first. */
export function ConsultationsPage() {
  const { data: consultations, error } = useQuery(queries.consultations());
  usePageTitle("Consultations");
  return (
    <>
      <h1 className="govuk-heading-l">Consultations</h1>
      <p className="govuk-body">
        Import the responses to a consultation, find the themes in them, and check how every
        response was sorted.
      </p>
      <ButtonLink to="/new">Create a consultation</ButtonLink>
      {error && <p className="govuk-body">{errorMessage(error)}</p>}
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
                <Link className="govuk-link" to="/c/$id" params={{ id: consultation.id }}>
                  {consultation.title}
                </Link>
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

/** The form's own reading of the date boxes, then the API's rules for the rest. */
const newConsultationForm = z.object({
  title: newConsultationSchema.shape.title,
  opensOn: dateInputSchema("Opened on"),
  closesOn: dateInputSchema("Closed on"),
  openToEveryone: z.boolean(),
  sharedWith: z.array(z.string()),
});

export function NewConsultationPage() {
  const navigate = useNavigate();
  const form = useSchemaForm(newConsultationForm, {
    defaultValues: {
      title: "",
      opensOn: EMPTY_DATE,
      closesOn: EMPTY_DATE,
      openToEveryone: false,
      sharedWith: [],
    },
  });
  usePageTitle("Create a consultation");
  const submit = form.handleSubmit(async ({ opensOn, closesOn, ...rest }) => {
    try {
      const created = await api.post(
        "/consultations",
        { ...rest, ...(opensOn ? { opensOn } : {}), ...(closesOn ? { closesOn } : {}) },
        consultationSchema,
      );
      await navigate({ to: "/c/$id", params: { id: created.id } });
    } catch (error) {
      form.showApiError(error, "title");
    }
  });
  const dateInput = (field: "opensOn" | "closesOn", legend: string) => (
    <Controller
      control={form.control}
      name={field}
      render={({ field: { value, onChange } }) => (
        <DateInput
          id={field}
          legend={legend}
          hint="For example, 27 3 2026"
          value={value}
          onChange={onChange}
          error={form.errorFor(field)}
          errorParts={form.wrongParts(field) as DatePart[]}
        />
      )}
    />
  );
  const groups = useQuery(queries.me()).data?.groups ?? [];
  return (
    <>
      <Link to="/" className="govuk-back-link">
        Back to consultations
      </Link>
      <ErrorSummary errors={form.summary} />
      <h1 className="govuk-heading-l">Create a consultation</h1>
      <form noValidate onSubmit={(event) => void submit(event)}>
        <TextInput
          id="title"
          label="Title"
          {...form.register("title")}
          error={form.errorFor("title")}
        />
        {dateInput("opensOn", "Opened on (optional)")}
        {dateInput("closesOn", "Closed on (optional)")}
        <SharingFields {...SHARING} groups={groups} {...sharingFieldsOf(form)} />
        <Button type="submit" preventDoubleClick>
          Create consultation
        </Button>
      </form>
    </>
  );
}
