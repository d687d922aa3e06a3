import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ApiError, ListPage, type ListPageProps } from "../src/index.js";

interface Meeting {
  id: string;
  title: string;
}

const page = (list: ListPageProps<Meeting>["list"]) =>
  renderToStaticMarkup(
    <ListPage
      title="Meetings"
      intro="Minutes from transcripts."
      action={<a href="/new">Create a meeting</a>}
      list={list}
      empty="There are no meetings yet."
      caption="All meetings"
      rowKey={(meeting) => meeting.id}
      columns={[{ header: "Meeting", cell: (meeting) => meeting.title }]}
    >
      <p>At a glance</p>
    </ListPage>,
  );

describe("ListPage", () => {
  it("shows the heading, what it is for, the action, then a row for each thing", () => {
    const html = page({ data: [{ id: "m1", title: "Board" }], error: null });
    expect(html).toMatch(
      /^<h1 class="govuk-heading-l">Meetings<\/h1><p class="govuk-body">Minutes from transcripts.<\/p><a href="\/new">Create a meeting<\/a><p>At a glance<\/p>/,
    );
    expect(html).toContain("All meetings</caption>");
    expect(html).toContain('<td class="govuk-table__cell">Board</td>');
    expect(html).not.toContain("There are no meetings yet.");
  });

  it("says so when there are none, and shows no table", () => {
    const html = page({ data: [], error: null });
    expect(html).toContain('<p class="govuk-body">There are no meetings yet.</p>');
    expect(html).not.toContain("<table");
  });

  it("says why they could not be read, and neither a table nor 'none yet'", () => {
    const error = new ApiError(503, "UNAVAILABLE", "The summariser is not answering.", []);
    const html = page({ data: undefined, error });
    expect(html).toContain('<p class="govuk-body">The summariser is not answering.</p>');
    expect(html).not.toContain("<table");
    expect(html).not.toContain("There are no meetings yet.");
  });
});
