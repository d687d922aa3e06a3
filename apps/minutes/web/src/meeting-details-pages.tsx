import { meetingSchema, newMeetingSchema, type Meeting } from "@bernard/minutes-contract";
import {
  Button,
  DateField,
  EMPTY_DATE,
  ErrorSummary,
  Radios,
  SharingFields,
  TextInput,
  Textarea,
  dateInputSchema,
  datePartsOf,
  sharingFieldsOf,
  useQuery,
  useQueryClient,
  usePageTitle,
  useSchemaForm,
  type SchemaForm,
} from "@bernard/ui";
import { Link, useNavigate } from "@tanstack/react-router";
import { z } from "zod";
import { SHARING, api, keys, queries } from "./api.js";
import { FrozenNote } from "./status.js";

/** The form's own reading of the date boxes, then the API's rules. */
const detailsForm = z.object({
  title: newMeetingSchema.shape.title,
  date: dateInputSchema("Date of the meeting").refine(
    (date) => date !== undefined,
    "Enter the date of the meeting",
  ),
  chair: newMeetingSchema.shape.chair,
  template: newMeetingSchema.shape.template,
});
type DetailsValues = z.input<typeof detailsForm>;

const newMeetingForm = detailsForm.extend({
  agenda: z.string().max(20_000),
  openToEveryone: z.boolean(),
  sharedWith: z.array(z.string()),
});

/** The agenda as pasted: one item a line, numbering and bullets dropped. */
export const agendaLines = (text: string) =>
  text
    .split("\n")
    .map((line) => line.replace(/^\s*(?:\d+[.)]|[-*•])\s*/, "").trim())
    .filter(Boolean);

export function NewMeetingPage() {
  const navigate = useNavigate();
  const form = useSchemaForm(newMeetingForm, {
    defaultValues: {
      title: "",
      date: EMPTY_DATE,
      chair: "",
      template: "formal",
      agenda: "",
      openToEveryone: false,
      sharedWith: [],
    },
  });
  usePageTitle("Create a meeting");
  const submit = form.submitTo(async ({ agenda, date, ...rest }) => {
    const created = await api.post(
      "/meetings",
      { ...rest, date, agenda: agendaLines(agenda) },
      meetingSchema,
    );
    await navigate({ to: "/m/$id", params: { id: created.id } });
  }, "title");
  const groups = useQuery(queries.me()).data?.groups ?? [];
  return (
    <>
      <Link to="/" className="govuk-back-link">
        Back to meetings
      </Link>
      <ErrorSummary errors={form.summary} />
      <h1 className="govuk-heading-l">Create a meeting</h1>
      <form noValidate onSubmit={(event) => void submit(event)}>
        <MeetingDetailsFields form={form} />
        <Textarea
          id="agenda"
          label="Agenda (optional)"
          hint="Paste the agenda, one item a line. The minutes follow it; without it, the items are found in the transcript."
          rows={5}
          {...form.register("agenda")}
          error={form.errorFor("agenda")}
        />
        <SharingFields {...SHARING} groups={groups} {...sharingFieldsOf(form)} />
        <Button type="submit" preventDoubleClick>
          Create meeting
        </Button>
      </form>
    </>
  );
}

/** Title, date, chair and template: what a meeting is created with and later changed by. */
function MeetingDetailsFields<Values extends DetailsValues, Output>({
  form: anyForm,
  current,
}: {
  form: SchemaForm<Values, Output>;
  /** The meeting's template, which may be its owner's own and so not in the person's list. */
  current?: { id: string; name: string };
}) {
  // The four fields are there by the type above; react-hook-form cannot see it through a generic.
  const form = anyForm as unknown as SchemaForm<DetailsValues, unknown>;
  const template = form.watch("template");
  const listed = useQuery(queries.templates()).data ?? [];
  const templates =
    current && listed.length > 0 && !listed.some((choice) => choice.id === current.id)
      ? [{ ...current, description: "The template the meeting uses now." }, ...listed]
      : listed;
  return (
    <>
      <TextInput
        id="title"
        label="Title of the meeting"
        {...form.register("title")}
        error={form.errorFor("title")}
      />
      <DateField
        form={form}
        name="date"
        legend="Date of the meeting"
        hint="For example, 4 3 2026. Due dates such as “by Friday” are worked out from it."
      />
      <TextInput
        id="chair"
        label="Chair"
        hint="As the chair's name appears in the transcript; only the chair can agree the minutes."
        {...form.register("chair")}
        error={form.errorFor("chair")}
      />
      <Radios
        name="template"
        legend="Template"
        hint="How the minutes are set out and written. Add templates of your own under Templates."
        options={templates.map((choice) => ({
          value: choice.id,
          text: choice.name,
          hint: choice.description,
        }))}
        value={[template]}
        onChange={([chosen]) => form.setValue("template", chosen!)}
        error={form.errorFor("template")}
      />
    </>
  );
}

/** Changing a meeting's title, date, chair or template (its attendees and agenda are on its page). */
export function MeetingDetailsPage({ id }: { id: string }) {
  const { data: meeting } = useQuery(queries.meeting(id));
  usePageTitle(meeting ? `Change the details of ${meeting.title}` : "Change the meeting's details");
  if (!meeting) return <p className="govuk-body">Loading the meeting…</p>;
  return <MeetingDetailsForm meeting={meeting} />;
}

function MeetingDetailsForm({ meeting }: { meeting: Meeting }) {
  const navigate = useNavigate();
  const client = useQueryClient();
  const form = useSchemaForm(detailsForm, {
    defaultValues: {
      title: meeting.title,
      date: datePartsOf(meeting.date),
      chair: meeting.chair,
      template: meeting.template,
    },
  });
  const back = (
    <Link to="/m/$id" params={{ id: meeting.id }} className="govuk-back-link">
      Back to the meeting
    </Link>
  );
  if (meeting.status === "agreed") {
    return (
      <>
        {back}
        <h1 className="govuk-heading-l">Change the meeting&apos;s details</h1>
        <FrozenNote />
      </>
    );
  }
  const submit = form.submitTo(async (details) => {
    await api.put(`/meetings/${meeting.id}`, details, meetingSchema);
    // Everything shown of the meeting follows: the minutes' headings come from its template.
    await client.invalidateQueries({ queryKey: keys.meeting(meeting.id) });
    await client.invalidateQueries({ queryKey: keys.meetings });
    await navigate({ to: "/m/$id", params: { id: meeting.id }, search: { done: "details" } });
  }, "title");
  return (
    <>
      {back}
      <ErrorSummary errors={form.summary} />
      <span className="govuk-caption-l">{meeting.title}</span>
      <h1 className="govuk-heading-l">Change the meeting&apos;s details</h1>
      {meeting.latestVersion && (
        <p className="govuk-body">
          The minutes drafted so far keep their words: a new template changes their headings and
          layout at once, and its style and a new date are used when you draft them again.
        </p>
      )}
      <form noValidate onSubmit={(event) => void submit(event)}>
        <MeetingDetailsFields
          form={form}
          current={{ id: meeting.template, name: meeting.templateName }}
        />
        <Button type="submit" preventDoubleClick>
          Save the details
        </Button>
      </form>
    </>
  );
}
