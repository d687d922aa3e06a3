import {
  useEffect,
  useRef,
  type ButtonHTMLAttributes,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
} from "react";
import type { DatePart, DateParts } from "../dates.js";
import { useGovukComponent } from "../govuk.js";
import { useErrorTitle } from "../page-title.js";

const loadButton = () => import("govuk-frontend").then((module) => module.Button);
const loadErrorSummary = () => import("govuk-frontend").then((module) => module.ErrorSummary);

interface FieldProps {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  /** Shown above the control, and the control is marked invalid and described by it. */
  error?: string | undefined;
  /** The label is the page's heading (one question per page). */
  isPageHeading?: boolean;
}

/** Label, hint and error message wired to one control through ids and aria-describedby. */
function Field({
  id,
  label,
  hint,
  error,
  isPageHeading,
  children,
}: FieldProps & { children: (describedBy: string | undefined) => ReactNode }) {
  const describedBy =
    [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  const labelElement = (
    <label className={`govuk-label${isPageHeading ? " govuk-label--l" : ""}`} htmlFor={id}>
      {label}
    </label>
  );
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      {isPageHeading ? <h1 className="govuk-label-wrapper">{labelElement}</h1> : labelElement}
      {hint && (
        <div id={`${id}-hint`} className="govuk-hint">
          {hint}
        </div>
      )}
      {error && <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage>}
      {children(describedBy)}
    </div>
  );
}

/** The attributes every GOV.UK form control shares: its name, error styling and descriptions. */
function controlAttributes(
  id: string,
  baseClass: string,
  error: string | undefined,
  describedBy: string | undefined,
  extraClass?: string,
) {
  return {
    id,
    name: id,
    className: [baseClass, error && `${baseClass}--error`, extraClass].filter(Boolean).join(" "),
    "aria-describedby": describedBy,
    "aria-invalid": error ? true : undefined,
  };
}

export function ErrorMessage({ id, children }: { id: string; children: ReactNode }) {
  return (
    <p id={id} className="govuk-error-message">
      <span className="govuk-visually-hidden">Error:</span> {children}
    </p>
  );
}

export type TextInputProps = FieldProps & Omit<InputHTMLAttributes<HTMLInputElement>, "id">;

export function TextInput({
  id,
  label,
  hint,
  error,
  isPageHeading,
  className,
  ...input
}: TextInputProps) {
  return (
    <Field id={id} label={label} hint={hint} error={error} isPageHeading={isPageHeading}>
      {(describedBy) => (
        <input
          type="text"
          {...controlAttributes(id, "govuk-input", error, describedBy, className)}
          {...input}
        />
      )}
    </Field>
  );
}

export type TextareaProps = FieldProps & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "id">;

export function Textarea({
  id,
  label,
  hint,
  error,
  isPageHeading,
  rows = 5,
  ...textarea
}: TextareaProps) {
  return (
    <Field id={id} label={label} hint={hint} error={error} isPageHeading={isPageHeading}>
      {(describedBy) => (
        <textarea
          rows={rows}
          {...controlAttributes(id, "govuk-textarea", error, describedBy)}
          {...textarea}
        />
      )}
    </Field>
  );
}

export type SelectProps = FieldProps &
  Omit<SelectHTMLAttributes<HTMLSelectElement>, "id"> & {
    options: { value: string; text: string }[];
  };

export function Select({ id, label, hint, error, isPageHeading, options, ...select }: SelectProps) {
  return (
    <Field id={id} label={label} hint={hint} error={error} isPageHeading={isPageHeading}>
      {(describedBy) => (
        <select {...controlAttributes(id, "govuk-select", error, describedBy)} {...select}>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

export interface ChoiceProps {
  /** Shared name; each option's id is `${name}-${index}`. */
  name: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  options: { value: string; text: ReactNode; hint?: ReactNode }[];
  /** The chosen value(s). */
  value: string[];
  onChange: (value: string[]) => void;
}

/** Radios (choose one) or checkboxes (choose any) inside a fieldset with a legend. */
function Choices({
  name,
  legend,
  hint,
  error,
  options,
  value,
  onChange,
  multiple,
}: ChoiceProps & { multiple: boolean }) {
  const kind = multiple ? "checkboxes" : "radios";
  const describedBy =
    [hint && `${name}-hint`, error && `${name}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">{legend}</legend>
        {hint && (
          <div id={`${name}-hint`} className="govuk-hint">
            {hint}
          </div>
        )}
        {error && <ErrorMessage id={`${name}-error`}>{error}</ErrorMessage>}
        <div className={`govuk-${kind}`} data-module={`govuk-${kind}`}>
          {options.map((option, index) => {
            const id = `${name}-${index + 1}`;
            const checked = value.includes(option.value);
            const toggle = () =>
              onChange(
                multiple
                  ? checked
                    ? value.filter((chosen) => chosen !== option.value)
                    : [...value, option.value]
                  : [option.value],
              );
            return (
              <div key={option.value} className={`govuk-${kind}__item`}>
                <input
                  className={`govuk-${kind}__input`}
                  id={id}
                  name={name}
                  type={multiple ? "checkbox" : "radio"}
                  value={option.value}
                  checked={checked}
                  onChange={toggle}
                  aria-describedby={option.hint ? `${id}-hint` : undefined}
                />
                <label className={`govuk-label govuk-${kind}__label`} htmlFor={id}>
                  {option.text}
                </label>
                {option.hint && (
                  <div id={`${id}-hint`} className={`govuk-hint govuk-${kind}__hint`}>
                    {option.hint}
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export function Radios(props: ChoiceProps) {
  return <Choices {...props} multiple={false} />;
}

export function Checkboxes(props: ChoiceProps) {
  return <Choices {...props} multiple />;
}

export type FileUploadProps = FieldProps &
  Omit<InputHTMLAttributes<HTMLInputElement>, "id" | "type">;

/**
 * GOV.UK file upload, as the browser's own file input. GOV.UK Frontend's JavaScript
 * enhancement (a drop zone and a "Choose file" button) is left off: axe finds that its button's
 * visible text is not part of its accessible name (WCAG 2.5.3), which voice-control users rely on.
 */
export function FileUpload({ id, label, hint, error, isPageHeading, ...input }: FileUploadProps) {
  return (
    <Field id={id} label={label} hint={hint} error={error} isPageHeading={isPageHeading}>
      {(describedBy) => (
        <input
          type="file"
          {...controlAttributes(id, "govuk-file-upload", error, describedBy)}
          {...input}
        />
      )}
    </Field>
  );
}

export interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: "primary" | "secondary" | "warning" | "inverse";
  /** Renders a link styled as a button (for navigation rather than actions). */
  href?: string;
  /** Ignore a second click within a second (for forms that must not be sent twice). */
  preventDoubleClick?: boolean;
}

export function Button({
  variant = "primary",
  href,
  className,
  preventDoubleClick,
  children,
  type = "button",
  ...button
}: ButtonProps) {
  const ref = useRef<HTMLButtonElement>(null);
  useGovukComponent(ref, loadButton);
  const classes = `govuk-button${variant === "primary" ? "" : ` govuk-button--${variant}`}${className ? ` ${className}` : ""}`;
  if (href) {
    return (
      <a href={href} role="button" draggable="false" className={classes} data-module="govuk-button">
        {children}
      </a>
    );
  }
  return (
    <button
      type={type}
      className={classes}
      data-module="govuk-button"
      data-prevent-double-click={preventDoubleClick ? "true" : undefined}
      ref={ref}
      {...button}
    >
      {children}
    </button>
  );
}

export interface ErrorSummaryProps {
  title?: string;
  /** Each problem links to the field it is about (`#id`). */
  errors: { href: string; text: string }[];
}

/** Lists every problem at the top of the page; it takes focus when it appears so screen readers announce it. */
export function ErrorSummary({ title = "There is a problem", errors }: ErrorSummaryProps) {
  const ref = useRef<HTMLDivElement>(null);
  useGovukComponent(ref, loadErrorSummary);
  // Focus when the problems change, not on every render: callers pass a new array each time,
  // and taking focus while someone types in a field would send their keystrokes elsewhere.
  const problems = errors.map((error) => `${error.href} ${error.text}`).join("\n");
  useEffect(() => {
    if (problems) ref.current?.focus();
  }, [problems]);
  useErrorTitle(errors.length > 0);
  if (errors.length === 0) return null;
  return (
    <div className="govuk-error-summary" data-module="govuk-error-summary" ref={ref} tabIndex={-1}>
      <div role="alert">
        <h2 className="govuk-error-summary__title">{title}</h2>
        <div className="govuk-error-summary__body">
          <ul className="govuk-list govuk-error-summary__list">
            {errors.map((error) => (
              <li key={error.href}>
                <a href={error.href}>{error.text}</a>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

export interface DateInputProps {
  /** The first box's id is `${id}-day`; the error summary links to it (`#${id}-day`). */
  id: string;
  legend: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  /** The boxes to mark as wrong with the error (all three when not given). */
  errorParts?: DatePart[];
  value: DateParts;
  onChange: (value: DateParts) => void;
}

const DATE_BOXES: { part: DatePart; label: string; width: number }[] = [
  { part: "day", label: "Day", width: 2 },
  { part: "month", label: "Month", width: 2 },
  { part: "year", label: "Year", width: 4 },
];

/**
 * The GOV.UK date input: day, month and year boxes in a fieldset, read with `readDateParts`
 * (dates.ts), which gives the GOV.UK error messages and the boxes they are about.
 */
export function DateInput({
  id,
  legend,
  hint,
  error,
  errorParts,
  value,
  onChange,
}: DateInputProps) {
  const describedBy =
    [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`govuk-form-group${error ? " govuk-form-group--error" : ""}`}>
      <fieldset className="govuk-fieldset" role="group" aria-describedby={describedBy}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{legend}</legend>
        {hint && (
          <div id={`${id}-hint`} className="govuk-hint">
            {hint}
          </div>
        )}
        {error && <ErrorMessage id={`${id}-error`}>{error}</ErrorMessage>}
        <div className="govuk-date-input" id={id}>
          {DATE_BOXES.map(({ part, label, width }) => {
            const wrong = Boolean(error) && (errorParts ?? ["day", "month", "year"]).includes(part);
            return (
              <div key={part} className="govuk-date-input__item">
                <div className="govuk-form-group">
                  <label className="govuk-label govuk-date-input__label" htmlFor={`${id}-${part}`}>
                    {label}
                  </label>
                  <input
                    className={`govuk-input govuk-date-input__input govuk-input--width-${width}${wrong ? " govuk-input--error" : ""}`}
                    id={`${id}-${part}`}
                    name={`${id}-${part}`}
                    type="text"
                    inputMode="numeric"
                    value={value[part]}
                    aria-invalid={wrong ? true : undefined}
                    onChange={(event) => onChange({ ...value, [part]: event.target.value })}
                  />
                </div>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}
