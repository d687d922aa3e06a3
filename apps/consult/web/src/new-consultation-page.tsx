import { consultationSchema, newConsultationSchema } from "@bernard/consult-contract";
import {
  Button,
  DateField,
  EMPTY_DATE,
  ErrorSummary,
  SharingFields,
  TextInput,
  dateInputSchema,
  sharingFieldsOf,
  useQuery,
  usePageTitle,
  useSchemaForm,
} from "@bernard/ui";
import { Link, useNavigate } from "@tanstack/react-router";
import { z } from "zod";
import { SHARING, api, queries } from "./api.js";

/** The form's own reading of the date boxes, then the API's rules for the rest. */
const newConsultationForm = z.object({
  title: newConsultationSchema.shape.title,
  opensOn: dateInputSchema("Opened on"),
  closesOn: dateInputSchema("Closed on"),
  openToEveryone: z.boolean(),
  sharedWith: z.array(z.string()),
});

const DATE_HINT = "For example, 27 3 2026";

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
  const submit = form.submitTo(async ({ opensOn, closesOn, ...rest }) => {
    const created = await api.post(
      "/consultations",
      { ...rest, ...(opensOn ? { opensOn } : {}), ...(closesOn ? { closesOn } : {}) },
      consultationSchema,
    );
    await navigate({ to: "/c/$id", params: { id: created.id } });
  }, "title");
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
        <DateField form={form} name="opensOn" legend="Opened on (optional)" hint={DATE_HINT} />
        <DateField form={form} name="closesOn" legend="Closed on (optional)" hint={DATE_HINT} />
        <SharingFields {...SHARING} groups={groups} {...sharingFieldsOf(form)} />
        <Button type="submit" preventDoubleClick>
          Create consultation
        </Button>
      </form>
    </>
  );
}
