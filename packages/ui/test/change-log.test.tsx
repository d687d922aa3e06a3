import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ChangeLog, formatDateTime, type ChangeLogEntry } from "../src/index.js";

type Entry = ChangeLogEntry<"theme.added" | "analysis.finished"> & { details: { theme?: string } };
const describeEntry = (change: Entry) =>
  change.action === "theme.added" ? `Added "${change.details.theme}"` : "Found the themes";

describe("<ChangeLog>", () => {
  const changes: Entry[] = [
    {
      at: "2026-09-01T14:05:00.000Z",
      actorName: "Ana Lyst",
      source: "person",
      action: "theme.added",
      details: { theme: "Cost" },
    },
    {
      at: "2026-09-01T09:00:00.000Z",
      actorName: "Offline engine",
      source: "ai",
      action: "analysis.finished",
      details: {},
    },
  ];

  it("lists each change with when, who (person or AI) and what, in a captioned table", () => {
    const html = renderToStaticMarkup(<ChangeLog changes={changes} describe={describeEntry} />);
    expect(html).toContain('<caption id="');
    expect(html).toContain("Changes, newest first</caption>");
    const cells = [...html.matchAll(/<td class="govuk-table__cell[^"]*">([^<]*)<\/td>/g)].map(
      (match) => match[1],
    );
    expect(cells).toEqual([
      formatDateTime(changes[0]!.at),
      "Ana Lyst (person)",
      "Added &quot;Cost&quot;",
      formatDateTime(changes[1]!.at),
      "Offline engine (AI)",
      "Found the themes",
    ]);
  });

  it("shows only the newest `limit`, and says so when there are none", () => {
    const one = renderToStaticMarkup(
      <ChangeLog changes={changes} describe={describeEntry} limit={1} />,
    );
    expect(one).toContain("Ana Lyst (person)");
    expect(one).not.toContain("Offline engine");
    expect(renderToStaticMarkup(<ChangeLog changes={[]} describe={describeEntry} />)).toBe(
      '<p class="govuk-body">No changes yet.</p>',
    );
  });
});
