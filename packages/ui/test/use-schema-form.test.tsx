import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ApiError, DateField, TextInput, dateInputSchema, useSchemaForm } from "../src/index.js";

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

const titled = z.object({ title: z.string().min(1, "Enter a title"), notes: z.string() });
type TitledForm = ReturnType<typeof useSchemaForm<typeof titled>>;

/** A form as a page has it, taken out of its component to submit it here. */
function titledForm(values: z.input<typeof titled>): TitledForm {
  let taken: TitledForm | undefined;
  function Page({ take }: { take: (form: TitledForm) => void }) {
    take(useSchemaForm(titled, { defaultValues: values }));
    return null;
  }
  renderToStaticMarkup(<Page take={(form) => (taken = form)} />);
  return taken!;
}

describe("useSchemaForm's submitTo()", () => {
  it("sends the checked values, and puts the API's refusal against the field it names or else the fallback", async () => {
    const sent: unknown[] = [];
    const form = titledForm({ title: "Depot review", notes: "" });
    await form.submitTo(async (values) => void sent.push(values), "title")();
    expect(sent).toEqual([{ title: "Depot review", notes: "" }]);

    const refusal = new ApiError(400, "invalid", "Check the notes", [
      { field: "notes", message: "Notes must be 500 characters or fewer" },
    ]);
    await form.submitTo(() => Promise.reject(refusal), "title")();
    expect(form.getFieldState("notes").error?.message).toBe(
      "Notes must be 500 characters or fewer",
    );
    expect(form.getFieldState("title").error).toBeUndefined();

    const unreachable = titledForm({ title: "Depot review", notes: "" });
    await unreachable.submitTo(() => Promise.reject(new TypeError("fetch failed")), "title")();
    expect(unreachable.getFieldState("title").error?.message).toBe(
      "Bernard could not be reached. Try again.",
    );
  });

  it("does not send a form its own schema refuses", async () => {
    const sent: unknown[] = [];
    const form = titledForm({ title: "", notes: "" });
    await form.submitTo(async (values) => void sent.push(values), "title")();
    expect(sent).toEqual([]);
    expect(form.getFieldState("title").error?.message).toBe("Enter a title");
  });
});
