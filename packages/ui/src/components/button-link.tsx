import { createLink } from "@tanstack/react-router";
import type { AnchorHTMLAttributes, Ref } from "react";

type ButtonAnchorProps = AnchorHTMLAttributes<HTMLAnchorElement> & {
  secondary?: boolean;
  /** For a step that removes something (it still asks first). */
  warning?: boolean;
  ref?: Ref<HTMLAnchorElement>;
};

/** A GOV.UK button that opens another of the app's pages (a typed route), without loading the page again. */
export const ButtonLink = createLink(function ButtonAnchor({
  secondary = false,
  warning = false,
  ...anchor
}: ButtonAnchorProps) {
  return (
    <a
      {...anchor}
      role="button"
      draggable="false"
      className={`govuk-button${secondary ? " govuk-button--secondary" : ""}${warning ? " govuk-button--warning" : ""}`}
    />
  );
});
