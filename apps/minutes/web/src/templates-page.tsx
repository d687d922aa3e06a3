import {
  LAYOUT_NAMES,
  LAYOUTS,
  newTemplateSchema,
  noContent,
  SECTION_KIND_NAMES,
  SECTION_KINDS,
  templateDetailsSchema,
  type NewTemplate,
  type TemplateDetails,
  type TemplateSummary,
} from "@bernard/minutes-contract";
import {
  Button,
  ButtonLink,
  Checkboxes,
  ErrorSummary,
  ListPage,
  NotificationBanner,
  Select,
  SummaryList,
  TextInput,
  Textarea,
  errorMessage,
  useFieldArray,
  useQuery,
  useQueryClient,
  usePageTitle,
  useSchemaForm,
  WarningText,
} from "@bernard/ui";
import { Link, useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { api, keys, queries } from "./api.js";

/** Who may choose a template, in words. */
const whoUses = (template: TemplateSummary) =>
  template.builtIn
    ? "Everyone (built in)"
    : template.forEveryone
      ? `Everyone (added by ${template.ownerName})`
      : "Only you";

/** The built-in templates, everyone's and the person's own; each opens to be read, copied or changed. */
export function TemplatesPage() {
  const templates = useQuery(queries.templates());
  return (
    <ListPage
      title="Templates"
      intro="A template sets out the minutes (their sections, in order) and tells the AI model how to write them. Copy one to make it your own; an admin can add templates that everyone can choose."
      action={
        <ButtonLink to="/templates/new" search={{ from: "formal" }}>
          Add a template
        </ButtonLink>
      }
      list={templates}
      empty="There are no templates."
      caption="Templates you can choose for a meeting"
      rowKey={(template) => template.id}
      columns={[
        {
          header: "Template",
          cell: (template) => (
            <Link className="govuk-link" to="/templates/$id" params={{ id: template.id }}>
              {template.name}
            </Link>
          ),
        },
        { header: "What it is", cell: (template) => template.description },
        { header: "Who can choose it", cell: whoUses },
      ]}
    />
  );
}

/** One template: changed by whoever may change it, otherwise read, and copied by anyone. */
export function TemplatePage({ id }: { id: string }) {
  const { data: template, error } = useQuery(queries.template(id));
  usePageTitle(template?.name ?? "Template");
  if (error) return <p className="govuk-body">{errorMessage(error)}</p>;
  if (!template) return <p className="govuk-body">Loading the template…</p>;
  if (template.mayChange) return <TemplateForm template={template} />;
  return (
    <>
      <Link to="/templates" className="govuk-back-link">
        Back to templates
      </Link>
      <span className="govuk-caption-l">Template</span>
      <h1 className="govuk-heading-l">{template.name}</h1>
      <p className="govuk-body">{template.description}</p>
      <SummaryList
        rows={[
          { key: "Who can choose it", value: whoUses(template) },
          { key: "Title", value: `${template.titlePrefix}: <the meeting's title>` },
          { key: "How it is written", value: template.style },
        ]}
      />
      <h2 className="govuk-heading-m">Sections, in order</h2>
      <SummaryList
        rows={template.sections.map((section) => ({
          key: section.heading,
          value: (
            <>
              {SECTION_KIND_NAMES[section.kind]}, as {LAYOUT_NAMES[section.layout].toLowerCase()}.{" "}
              {section.instructions}
            </>
          ),
        }))}
      />
      <ButtonLink to="/templates/new" search={{ from: template.id }} secondary>
        Copy this template
      </ButtonLink>
    </>
  );
}

/** A new template, starting from a copy of another (`?from=`). */
export function NewTemplatePage({ from }: { from: string }) {
  const { data: source, error } = useQuery(queries.template(from));
  usePageTitle("Add a template");
  if (error) return <p className="govuk-body">{errorMessage(error)}</p>;
  if (!source) return <p className="govuk-body">Loading the template to start from…</p>;
  return <TemplateForm copyOf={source} />;
}

const definitionOf = (template: TemplateDetails): NewTemplate => ({
  name: template.name,
  description: template.description,
  titlePrefix: template.titlePrefix,
  style: template.style,
  sections: template.sections,
  forEveryone: template.forEveryone && !template.builtIn,
});

const KIND_OPTIONS = SECTION_KINDS.map((kind) => ({ value: kind, text: SECTION_KIND_NAMES[kind] }));
const LAYOUT_OPTIONS = LAYOUTS.map((layout) => ({ value: layout, text: LAYOUT_NAMES[layout] }));

/** The template's fields and its sections, each one to change, move, remove or add. */
function TemplateForm(
  props:
    { template: TemplateDetails; copyOf?: never } | { copyOf: TemplateDetails; template?: never },
) {
  const { template, copyOf } = props;
  const navigate = useNavigate();
  const client = useQueryClient();
  const { data: me } = useQuery(queries.me());
  const [saved, setSaved] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const form = useSchemaForm(newTemplateSchema, {
    defaultValues: template
      ? definitionOf(template)
      : { ...definitionOf(copyOf), name: `Copy of ${copyOf.name}`, forEveryone: false },
  });
  const sections = useFieldArray({ control: form.control, name: "sections" });
  const forEveryone = form.watch("forEveryone");
  const heading = template ? template.name : "Add a template";
  const submit = form.submitTo(async (values) => {
    setSaved(false);
    const answer = template
      ? await api.put(`/templates/${template.id}`, values, templateDetailsSchema)
      : await api.post("/templates", values, templateDetailsSchema);
    await client.invalidateQueries({ queryKey: keys.templates });
    if (template) setSaved(true);
    else await navigate({ to: "/templates/$id", params: { id: answer.id } });
  }, "name");
  const remove = async () => {
    try {
      await api.delete(`/templates/${template!.id}`, noContent);
      await client.invalidateQueries({ queryKey: keys.templates });
      await navigate({ to: "/templates" });
    } catch (error) {
      form.showApiError(error, "name");
    }
  };
  return (
    <>
      <Link to="/templates" className="govuk-back-link">
        Back to templates
      </Link>
      <ErrorSummary errors={form.summary} />
      {saved && (
        <NotificationBanner type="success">
          <p className="govuk-notification-banner__heading">The template was saved.</p>
        </NotificationBanner>
      )}
      <span className="govuk-caption-l">{template ? "Template" : `From ${copyOf.name}`}</span>
      <h1 className="govuk-heading-l">{heading}</h1>
      <form noValidate onSubmit={(event) => void submit(event)}>
        <TextInput label="Name" {...form.field("name")} />
        <Textarea
          label="What it is for"
          hint="Shown beside its name wherever a template is chosen."
          rows={2}
          {...form.field("description")}
        />
        <TextInput
          label="Title of the minutes"
          hint="Put before the meeting's title, as in “Minutes: Depot review”."
          {...form.field("titlePrefix")}
        />
        <Textarea
          label="How the minutes are written"
          hint="Voice, tense and what to leave out. The AI model follows it; the offline engine always writes reported speech."
          rows={3}
          {...form.field("style")}
        />
        <h2 className="govuk-heading-m">Sections, in order</h2>
        {sections.fields.map((section, index) => (
          <fieldset key={section.id} className="govuk-fieldset govuk-!-margin-bottom-6">
            <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">
              Section {index + 1}
            </legend>
            <TextInput label="Heading" {...form.field(`sections.${index}.heading`)} />
            <Select
              label="What it holds"
              options={KIND_OPTIONS}
              {...form.field(`sections.${index}.kind`)}
            />
            <Select
              label="How it is set out"
              options={LAYOUT_OPTIONS}
              {...form.field(`sections.${index}.layout`)}
            />
            <Textarea
              label="Instructions"
              hint="What the section says and how, for the AI model and whoever edits the minutes."
              rows={2}
              {...form.field(`sections.${index}.instructions`)}
            />
            <div className="govuk-button-group">
              {index > 0 && (
                <Button variant="secondary" onClick={() => sections.move(index, index - 1)}>
                  Move section {index + 1} up
                </Button>
              )}
              <Button variant="warning" onClick={() => sections.remove(index)}>
                Remove section {index + 1}
              </Button>
            </div>
          </fieldset>
        ))}
        <Button
          variant="secondary"
          onClick={() =>
            sections.append({ kind: "text", heading: "", instructions: "", layout: "paragraph" })
          }
        >
          Add a section
        </Button>
        {me?.isAdmin && (
          <Checkboxes
            name="forEveryone"
            legend="Who can choose it?"
            hint="Without this, only you can."
            options={[{ value: "yes", text: "Everyone who uses the minute summariser" }]}
            value={forEveryone ? ["yes"] : []}
            onChange={(chosen) => form.setValue("forEveryone", chosen.includes("yes"))}
          />
        )}
        <div className="govuk-button-group">
          <Button type="submit" preventDoubleClick>
            {template ? "Save the template" : "Add the template"}
          </Button>
          {template && !deleting && (
            <Button variant="warning" onClick={() => setDeleting(true)}>
              Delete the template
            </Button>
          )}
        </div>
        {deleting && (
          <WarningText>
            Delete “{template!.name}”? No one can choose it afterwards. A template a meeting uses
            cannot be deleted.
            <div className="govuk-button-group govuk-!-margin-top-3">
              <Button variant="warning" onClick={() => void remove()} preventDoubleClick>
                Yes, delete the template
              </Button>
              <Button variant="secondary" onClick={() => setDeleting(false)}>
                Keep it
              </Button>
            </div>
          </WarningText>
        )}
      </form>
    </>
  );
}
