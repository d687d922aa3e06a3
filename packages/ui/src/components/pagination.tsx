import { Link, type LinkProps } from "@tanstack/react-router";

/** The pages shown around the current one: the first, the last, and one either side. */
export function pageNumbers(page: number, pages: number): (number | "gap")[] {
  const shown = [...new Set([1, page - 1, page, page + 1, pages])]
    .filter((number) => number >= 1 && number <= pages)
    .sort((a, b) => a - b);
  return shown.flatMap((number, index) =>
    index > 0 && number - shown[index - 1]! > 1 ? ["gap" as const, number] : [number],
  );
}

export interface PaginationProps {
  page: number;
  pages: number;
  /** What is paged, for screen readers ("Pages of responses"). */
  label: string;
  /** Where each page is, as a typed link: moving page stays in the app. */
  linkTo: (page: number) => LinkProps;
  /** The previous and next links' words, when "Previous page" and "Next page" do not fit. */
  previous?: string;
  next?: string;
  /** The page numbers between them (for a log read newest first, previous and next are enough). */
  numbered?: boolean;
}

/** GOV.UK pagination: previous and next, and the page numbers with the current one marked. */
export function Pagination({
  page,
  pages,
  label,
  linkTo,
  previous,
  next,
  numbered = true,
}: PaginationProps) {
  if (pages <= 1) return null;
  const title = (words: string | undefined, fallback: string) => (
    <span className="govuk-pagination__link-title">
      {words ?? (
        <>
          {fallback}
          <span className="govuk-visually-hidden"> page</span>
        </>
      )}
    </span>
  );
  return (
    <nav className="govuk-pagination" aria-label={label}>
      {page > 1 && (
        <div className="govuk-pagination__prev">
          <Link className="govuk-link govuk-pagination__link" rel="prev" {...linkTo(page - 1)}>
            {title(previous, "Previous")}
          </Link>
        </div>
      )}
      {numbered && (
        <ul className="govuk-pagination__list">
          {pageNumbers(page, pages).map((number, index) =>
            number === "gap" ? (
              <li
                key={`gap-${index}`}
                className="govuk-pagination__item govuk-pagination__item--ellipses"
              >
                &ctdot;
              </li>
            ) : (
              <li
                key={number}
                className={`govuk-pagination__item${number === page ? " govuk-pagination__item--current" : ""}`}
              >
                <Link
                  className="govuk-link govuk-pagination__link"
                  aria-label={`Page ${number}`}
                  {...(number === page ? { "aria-current": "page" as const } : {})}
                  {...linkTo(number)}
                >
                  {number}
                </Link>
              </li>
            ),
          )}
        </ul>
      )}
      {page < pages && (
        <div className="govuk-pagination__next">
          <Link className="govuk-link govuk-pagination__link" rel="next" {...linkTo(page + 1)}>
            {title(next, "Next")}
          </Link>
        </div>
      )}
    </nav>
  );
}
