import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DateField, TextInput, dateInputSchema, useSchemaForm } from "../src/index.js";

const mapping = z.object({ questions: z.array(z.object({ column: z.string().min(1) })) });

function MappingForm() {
  const form = useSchemaForm(mapping, { defaultValues: { questions: [{ column: "Answer" }] } });
  return <TextInput label="Column" {...form.field("questions.0.column")} />;
}

describe("useSchemaForm's field()", () => {
  it("gives a control the id the error summary links to, and its registration by path", () => {
    const html = renderToStaticMarkup(<MappingForm />);
    expect(html).toContain('<label class="govuk-label" for="questions-0-column">Column</label>');
    expect(html).toMatch(/<input[^>]* id="questions-0-column"[^>]* name="questions.0.column"/);
    expect(html).not.toContain("govuk-error-message");
  });
});

const meeting = z.object({ date: dateInputSchema("Date of the meeting") });

function MeetingForm() {
  const form = useSchemaForm(meeting, {
    defaultValues: { date: { day: "4", month: "3", year: "2026" } },
  });
  return (
    <DateField form={form} name="date" legend="Date of the meeting" hint="For example, 4 3 2026" />
  );
}

describe("DateField", () => {
  it("shows a date field of the form as GOV.UK date boxes, with the field's value", () => {
    const html = renderToStaticMarkup(<MeetingForm />);
    expect(html).toContain(
      '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Date of the meeting</legend>',
    );
    expect(html).toContain('<div id="date-hint" class="govuk-hint">For example, 4 3 2026</div>');
    expect(html).toMatch(/<input[^>]* id="date-day"[^>]*value="4"/);
    expect(html).toMatch(/<input[^>]* id="date-month"[^>]*value="3"/);
    expect(html).toMatch(/<input[^>]* id="date-year"[^>]*value="2026"/);
  });
});
