import { describe, expect, it } from "vitest";
import { createPageTitles, formatPageTitle } from "../src/page-title.js";

describe("formatPageTitle", () => {
  it("names the page, then the tool, then Bernard; portal pages have no tool", () => {
    expect(formatPageTitle({ page: "Consultations", service: "Consultation sorter" })).toBe(
      "Consultations – Consultation sorter – Bernard",
    );
    expect(formatPageTitle({ page: "Users" })).toBe("Users – Bernard");
    expect(formatPageTitle({ page: "Sign in", error: true })).toBe("Error: Sign in – Bernard");
  });
});

describe("page titles gathered from the page", () => {
  it("starts with Error: while any error summary shows, and follows the page named last", () => {
    const written: string[] = [];
    const titles = createPageTitles((title) => written.push(title));
    // The page names itself before the template names the tool (React runs children's effects first).
    const leave = titles.setPage("Create a consultation");
    titles.setService("Consultation sorter");
    expect(written.at(-1)).toBe("Create a consultation – Consultation sorter – Bernard");

    const hideFirst = titles.showError();
    const hideSecond = titles.showError();
    expect(written.at(-1)).toBe("Error: Create a consultation – Consultation sorter – Bernard");
    hideFirst();
    expect(written.at(-1)).toBe("Error: Create a consultation – Consultation sorter – Bernard");
    hideSecond();
    expect(written.at(-1)).toBe("Create a consultation – Consultation sorter – Bernard");

    leave();
    const count = written.length;
    titles.setService("Consultation sorter");
    expect(written).toHaveLength(count); // no page named: the title is left as it is
    titles.setPage("Consultation");
    expect(written.at(-1)).toBe("Consultation – Consultation sorter – Bernard");
  });
});
