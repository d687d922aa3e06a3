import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { TextInput, useSchemaForm } from "../src/index.js";

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
