import { Component, useCallback, useState, type ReactNode } from "react";
import { ApiError } from "../api.js";
import { PageNotFound } from "./content.js";

/** Whether an API answered that what the page is about does not exist (or is not theirs to see). */
export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

/**
 * For a page's data loads: `raise(error)` hands a 404 from the API to the nearest
 * `NotFoundBoundary` (the page then says "Page not found"), and tells the caller whether it did,
 * so it can show any other problem itself.
 */
export function useNotFound(): (error: unknown) => boolean {
  const [, setFailure] = useState<unknown>();
  // The same function on every render, so pages can list it among their effects' dependencies.
  return useCallback((error: unknown) => {
    if (!isNotFound(error)) return false;
    // Thrown while rendering, so React hands it to the boundary.
    setFailure(() => {
      throw error;
    });
    return true;
  }, []);
}

/** Shows "Page not found" in place of a page whose data the API says does not exist. */
export class NotFoundBoundary extends Component<
  { home: { href: string; text: string }; children: ReactNode },
  { failure: { error: unknown } | undefined }
> {
  override state: { failure: { error: unknown } | undefined } = { failure: undefined };

  static getDerivedStateFromError(error: unknown) {
    return { failure: { error } };
  }

  override render(): ReactNode {
    const failure = this.state.failure;
    if (!failure) return this.props.children;
    // Anything else is not this boundary's to explain: on to the next one up.
    if (!isNotFound(failure.error)) throw failure.error;
    return <PageNotFound home={this.props.home} />;
  }
}
