import { useEffect } from "react";

/**
 * Every page's title, in one format: "<page> – <tool> – Bernard" in a tool, "<page> – Bernard"
 * in the portal, and "Error: " first while the page shows an error summary, so people using
 * screen readers, tabs and history can tell pages apart and hear that something went wrong.
 */
export function formatPageTitle({
  page,
  service,
  error = false,
}: {
  page: string;
  service?: string | undefined;
  error?: boolean;
}): string {
  return [`${error ? "Error: " : ""}${page}`, service, "Bernard"].filter(Boolean).join(" – ");
}

/**
 * What the title is made of, gathered from the parts of the page that know it: the page names
 * itself (`usePageTitle`), the template names the tool, and each error summary on show counts.
 */
export function createPageTitles(write: (title: string) => void) {
  let page: string | undefined;
  let service: string | undefined;
  let errorSummaries = 0;
  const update = () => {
    if (page) write(formatPageTitle({ page, service, error: errorSummaries > 0 }));
  };
  return {
    /** Names the page until the returned function is called (the page leaves). */
    setPage(name: string): () => void {
      page = name;
      update();
      return () => {
        if (page === name) page = undefined;
      };
    },
    setService(name: string | undefined): void {
      service = name;
      update();
    },
    /** An error summary is showing, until the returned function is called. */
    showError(): () => void {
      errorSummaries += 1;
      update();
      return () => {
        errorSummaries -= 1;
        update();
      };
    },
  };
}

// A page has one document and so one title: the parts of the page share this.
const documentTitle = createPageTitles((title) => {
  document.title = title;
});

/** Names the page in the browser's title: `usePageTitle("Users")` gives "Users – Bernard". */
export function usePageTitle(page: string): void {
  useEffect(() => documentTitle.setPage(page), [page]);
}

/** The tool the page belongs to (the page template says it), or none in the portal. */
export function useServiceTitle(service: string | undefined): void {
  useEffect(() => documentTitle.setService(service), [service]);
}

/** While `showing`, the title starts "Error: " (the error summary says so). */
export function useErrorTitle(showing: boolean): void {
  useEffect(() => (showing ? documentTitle.showError() : undefined), [showing]);
}
