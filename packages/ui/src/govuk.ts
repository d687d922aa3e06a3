import { useEffect, type RefObject } from "react";

/**
 * Call once before rendering: GOV.UK Frontend only enhances components when the body says its
 * JavaScript is supported (a class its template normally sets with an inline script, which the
 * content security policy forbids).
 */
export function initGovukFrontend(): void {
  document.body.classList.add("js-enabled", "govuk-frontend-supported");
}

type GovukComponentClass = new (element: Element) => unknown;

/** Initialises a GOV.UK Frontend JavaScript component on the element once it is in the page. */
export function useGovukComponent(
  ref: RefObject<Element | null>,
  load: () => Promise<GovukComponentClass>,
): void {
  useEffect(() => {
    const element = ref.current;
    if (!element || element.hasAttribute("data-bernard-init")) return;
    element.setAttribute("data-bernard-init", "");
    // Loaded on demand: govuk-frontend's modules touch the DOM, so they stay out of server renders.
    void load().then((Component) => new Component(element));
  }, [ref, load]);
}
