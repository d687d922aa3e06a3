import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import {
  DateInput,
  ErrorSummary,
  JobProgressBar,
  Page,
  Radios,
  SummaryList,
  Table,
  TaskList,
  TextInput,
  WarningText,
} from "../src/index.js";

describe("GOV.UK components", () => {
  it("says a warning is a warning to screen readers, and announces it when asked", () => {
    const html = renderToStaticMarkup(
      <WarningText role="status">
        The theme was merged. <button type="button">Choose another</button>
      </WarningText>,
    );
    expect(html).toBe(
      '<div class="govuk-warning-text" role="status"><span class="govuk-warning-text__icon" aria-hidden="true">!</span><div class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span>The theme was merged. <button type="button">Choose another</button></div></div>',
    );
  });

  it("wires a field's hint and error to its input", () => {
    const html = renderToStaticMarkup(
      <TextInput
        id="title"
        label="Consultation title"
        hint="As it will appear in reports"
        error="Enter a title"
      />,
    );
    expect(html).toContain('class="govuk-form-group govuk-form-group--error"');
    expect(html).toContain('<label class="govuk-label" for="title">Consultation title</label>');
    expect(html).toContain(
      '<p id="title-error" class="govuk-error-message"><span class="govuk-visually-hidden">Error:</span> Enter a title</p>',
    );
    expect(html).toMatch(
      /<input[^>]*aria-describedby="title-hint title-error"[^>]*aria-invalid="true"/,
    );
    expect(html).toContain("govuk-input--error");
  });

  it("links every problem in the error summary to its field", () => {
    const html = renderToStaticMarkup(
      <ErrorSummary errors={[{ href: "#title", text: "Enter a title" }]} />,
    );
    expect(html).toContain('<h2 class="govuk-error-summary__title">There is a problem</h2>');
    expect(html).toContain('<a href="#title">Enter a title</a>');
    expect(renderToStaticMarkup(<ErrorSummary errors={[]} />)).toBe("");
  });

  it("groups radios in a fieldset with a legend and marks the chosen one", () => {
    const html = renderToStaticMarkup(
      <Radios
        name="engine"
        legend="Which engine?"
        value={["offline"]}
        onChange={() => {}}
        options={[
          { value: "model", text: "Model" },
          { value: "offline", text: "Offline" },
        ]}
      />,
    );
    expect(html).toContain(
      '<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">Which engine?</legend>',
    );
    expect(html).toContain(
      '<input class="govuk-radios__input" id="engine-2" type="radio" name="engine" checked="" value="offline"/>',
    );
  });

  it("shows a job's stage, counts and percentage, for sight and for screen readers", () => {
    const html = renderToStaticMarkup(
      <JobProgressBar
        status={{
          id: "j1",
          state: "running",
          progress: { stage: "Mapping responses", done: 1250, total: 5000 },
          error: null,
          attempt: 1,
        }}
      />,
    );
    expect(html).toContain('role="progressbar"');
    expect(html).toContain('aria-valuenow="25"');
    expect(html).toContain('aria-valuetext="Mapping responses: 1250 of 5000"');
    expect(html).toContain("Mapping responses: 1,250 of 5,000 (25%)");
    expect(html).toContain('style="width:25%"');
  });

  it("renders tables, summary lists and task lists with the Design System's classes", () => {
    const table = renderToStaticMarkup(
      <Table
        caption="Themes"
        rowKey={(row) => row.name}
        rows={[{ name: "Cost", count: 12 }]}
        columns={[
          { header: "Theme", cell: (row) => row.name },
          { header: "Responses", cell: (row) => row.count, numeric: true },
        ]}
      />,
    );
    expect(table).toContain(
      '<th scope="col" class="govuk-table__header govuk-table__header--numeric">Responses</th>',
    );
    expect(table).toContain('<td class="govuk-table__cell govuk-table__cell--numeric">12</td>');
    // Wide tables scroll in a focusable region named by the caption, not the page (WCAG 1.4.10).
    const region =
      /^<div class="bernard-table-container" role="region" aria-labelledby="([^"]+)" tabindex="0">/.exec(
        table,
      );
    expect(region).not.toBeNull();
    expect(table).toContain(
      `<caption id="${region![1]}" class="govuk-table__caption govuk-table__caption--m">Themes</caption>`,
    );

    const summary = renderToStaticMarkup(
      <SummaryList
        rows={[
          {
            key: "Title",
            value: "Bus services",
            action: { href: "#t", text: "Change", visuallyHiddenText: "title" },
          },
        ]}
      />,
    );
    expect(summary).toContain('<span class="govuk-visually-hidden"> title</span>');

    const tasks = renderToStaticMarkup(
      <TaskList
        items={[
          { title: "Import responses", href: "/import", status: { text: "Completed" } },
          { title: "Find themes", status: { text: "Cannot start yet", colour: "grey" } },
        ]}
      />,
    );
    expect(tasks).toContain('aria-describedby="task-list-1-status"');
    expect(tasks).toContain('<strong class="govuk-tag govuk-tag--grey">Cannot start yet</strong>');
  });

  it("lays out a page with a skip link, the service name, navigation, the user and a main landmark", () => {
    const html = renderToStaticMarkup(
      <Page
        serviceName="Minute summariser"
        serviceUrl="/tools/minutes/"
        navigation={[{ href: "/tools/minutes/", text: "Minutes", current: true }]}
        session={{
          user: { id: "u1", email: "ada@example.gov.uk", name: "Ada", role: "admin" },
          csrfToken: "t",
        }}
      >
        <h1>Hello</h1>
      </Page>,
    );
    expect(html).toContain('<a href="#main-content" class="govuk-skip-link"');
    expect(html).toContain('class="govuk-generic-header__homepage-link">Bernard</a>');
    expect(html).toContain(
      '<a href="/tools/minutes/" class="govuk-service-navigation__link">Minute summariser</a>',
    );
    expect(html).toContain('aria-current="page"');
    // The portal's navigation is in the header of a tool's pages too, with the admin pages for admins.
    const portalLinks = [
      ...html.matchAll(/class="bernard-portal-navigation__link" href="([^"]+)"/g),
    ];
    expect(portalLinks.map((link) => link[1])).toEqual([
      "/",
      "/account",
      "/admin/tools",
      "/admin/models",
      "/admin/users",
      "/admin/audit",
    ]);
    expect(html).toMatch(
      /<button type="button" class="bernard-portal-navigation__link bernard-link-button">Sign out<\/button>/,
    );
    expect(html).toContain(
      '<main class="govuk-main-wrapper" id="main-content"><h1>Hello</h1></main>',
    );
  });

  it("shows a GOV.UK date input, marking only the boxes the error is about", () => {
    const html = renderToStaticMarkup(
      <DateInput
        id="opensOn"
        legend="Opened on"
        hint="For example, 27 3 2026"
        error="Opened on must include a month"
        errorParts={["month"]}
        value={{ day: "27", month: "", year: "2026" }}
        onChange={() => {}}
      />,
    );
    expect(html).toContain(
      '<fieldset class="govuk-fieldset" role="group" aria-describedby="opensOn-hint opensOn-error">',
    );
    expect(html).toContain(
      '<label class="govuk-label govuk-date-input__label" for="opensOn-day">Day</label>',
    );
    expect(html).toMatch(
      /<input class="govuk-input govuk-date-input__input govuk-input--width-2" id="opensOn-day"[^>]*value="27"/,
    );
    expect(html).toMatch(
      /<input class="govuk-input govuk-date-input__input govuk-input--width-2 govuk-input--error" id="opensOn-month"[^>]*aria-invalid="true"/,
    );
    expect(html).toMatch(
      /<input class="govuk-input govuk-date-input__input govuk-input--width-4" id="opensOn-year"[^>]*inputMode="numeric"/,
    );
    expect(html).toContain("Opened on must include a month");
  });
});
