import {
  BLOCKING_FLAGS,
  versionSchema,
  type Flag,
  type Paragraph,
  type Retrieval,
  type Version,
} from "@bernard/letters-contract";
import { Button, Textarea, formatDateTime, useQuery } from "@bernard/ui";
import { useState } from "react";
import { api, queries } from "./api.js";
import { OneFieldForm } from "./one-field-form.js";
import type { CaseChange } from "./use-change.js";

const KIND_WORDS: Record<Paragraph["kind"], string> = {
  template: "House template",
  policy: "Approved line",
  placeholder: "No approved line",
  own: "Your own words",
};

/** How a version's author is named: "by Dana", "drafted by the offline engine", "from the approved reply to MC-1". */
const SOURCE_WORDS: Record<Version["source"], string> = {
  person: "by",
  offline: "drafted by the",
  model: "drafted by the",
  campaign: "from the",
};

/**
 * The reply beside its checks: each paragraph with the lines it cites, a placeholder with the
 * lines to put in its place, and what stops approval or goes against house style.
 */
export function DraftPanel({
  caseId,
  draft,
  retrieval,
  editable,
  change,
}: {
  caseId: string;
  draft: Version;
  retrieval: Retrieval | undefined;
  editable: boolean;
  change: CaseChange;
}) {
  const [editing, setEditing] = useState(false);
  const blocking = draft.flags.filter((flag) => BLOCKING_FLAGS.includes(flag.kind));
  const style = draft.flags.filter((flag) => flag.kind === "style");
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <p className="govuk-body-s">
          Version {draft.number}, {SOURCE_WORDS[draft.source]} {draft.authorName},{" "}
          {formatDateTime(draft.createdAt)}
        </p>
        {editing ? (
          <EditReply
            draft={draft}
            onCancel={() => setEditing(false)}
            onSave={(paragraphs) =>
              change.run(async () => {
                await api.put(
                  `/cases/${caseId}/draft`,
                  { basedOn: draft.number, paragraphs },
                  versionSchema,
                );
                setEditing(false);
              }, "Your edits are saved as a new version.")
            }
          />
        ) : (
          <>
            <ol className="bernard-reply" aria-label="The reply, paragraph by paragraph">
              {draft.paragraphs.map((paragraph, index) => (
                <li
                  key={index}
                  className={`bernard-reply__${paragraph.kind}`}
                  data-paragraph={index}
                >
                  <p className="govuk-body bernard-reply__text">{paragraph.text}</p>
                  <p className="govuk-body-s">
                    {KIND_WORDS[paragraph.kind]}
                    {paragraph.lines.length > 0 && `: ${paragraph.lines.join(", ")}`}
                  </p>
                  {paragraph.kind === "placeholder" && editable && (
                    <LineChooser
                      index={index}
                      point={pointOf(paragraph.text, retrieval)}
                      onChoose={(lineId) =>
                        change.run(
                          () =>
                            api.post(
                              `/cases/${caseId}/draft/use-line`,
                              { basedOn: draft.number, paragraph: index, lineId },
                              versionSchema,
                            ),
                          `Line ${lineId} is now paragraph ${index + 1}.`,
                        )
                      }
                      busy={change.busy}
                    />
                  )}
                </li>
              ))}
            </ol>
            {editable && (
              <Button variant="secondary" onClick={() => setEditing(true)}>
                Edit the reply
              </Button>
            )}
          </>
        )}
      </div>
      <div className="govuk-grid-column-one-third" data-testid="checks">
        {draft.engineFlags.length > 0 && (
          <>
            <h3 className="govuk-heading-s">What the engine flagged</h3>
            <FlagList flags={draft.engineFlags} none="" />
          </>
        )}
        <h3 className="govuk-heading-s">Before it can be approved</h3>
        <FlagList flags={blocking} none="Nothing: every policy sentence is an approved line." />
        <h3 className="govuk-heading-s">House style</h3>
        <FlagList flags={style} none="The reply passes the house style checks." />
      </div>
    </div>
  );
}

function FlagList({ flags, none }: { flags: Pick<Flag, "text">[]; none: string }) {
  if (flags.length === 0) return <p className="govuk-body">{none}</p>;
  return (
    <ul className="govuk-list govuk-list--bullet">
      {flags.map((flag, index) => (
        <li key={index}>{flag.text}</li>
      ))}
    </ul>
  );
}

/** The point a placeholder stands for: "[No approved line: <its first sentence>]". */
function pointOf(placeholder: string, retrieval: Retrieval | undefined) {
  const summary = placeholder
    .replace(/^\[No approved line:\s*/, "")
    .replace(/]$/, "")
    .replace(/…$/, "");
  return retrieval?.find((point) => point.point.startsWith(summary));
}

/** The lines found for the point, or any current line searched for, to put in the placeholder's place. */
function LineChooser({
  index,
  point,
  onChoose,
  busy,
}: {
  index: number;
  point: Retrieval[number] | undefined;
  onChoose: (lineId: string) => void;
  busy: boolean;
}) {
  const [searched, setSearched] = useState("");
  const found = useQuery({
    ...queries.lines({ search: searched, status: "usable" }),
    enabled: searched !== "",
  });
  const options = searched
    ? (found.data ?? []).map((line) => ({
        id: line.id,
        title: line.title,
        text: line.text,
        why: "",
      }))
    : (point?.candidates ?? []).map((candidate) => ({
        id: candidate.lineId,
        title: candidate.title,
        text: candidate.text,
        why: candidate.why,
      }));
  return (
    <details className="govuk-details">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Replace it with a line</span>
      </summary>
      <div className="govuk-details__text">
        <OneFieldForm
          id={`line-search-${index}`}
          label="Search the lines to take"
          hint="Without a search, the lines closest to the point are listed."
          button="Search"
          onSubmit={setSearched}
        />
        {options.length === 0 && <p className="govuk-body">No current line matches.</p>}
        <ul className="govuk-list">
          {options.map((option) => (
            <li key={option.id} className="bernard-line-option">
              <p className="govuk-body">
                <strong>{option.id}</strong> {option.title && `(${option.title})`}: {option.text}
              </p>
              {option.why && <p className="govuk-body-s">Why: {option.why}</p>}
              <Button
                variant="secondary"
                disabled={busy}
                onClick={() => onChoose(option.id)}
                aria-label={`Use line ${option.id}`}
              >
                Use this line
              </Button>
            </li>
          ))}
        </ul>
      </div>
    </details>
  );
}

/** Every paragraph as a text box; the lines each cites stay with it. */
function EditReply({
  draft,
  onSave,
  onCancel,
}: {
  draft: Version;
  onSave: (paragraphs: Paragraph[]) => void;
  onCancel: () => void;
}) {
  const [texts, setTexts] = useState(draft.paragraphs.map((paragraph) => paragraph.text));
  return (
    <form
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        onSave(
          draft.paragraphs
            .map((paragraph, index) => ({ ...paragraph, text: texts[index]!.trim() }))
            .filter((paragraph) => paragraph.text),
        );
      }}
    >
      {draft.paragraphs.map((paragraph, index) => (
        <Textarea
          key={index}
          id={`paragraph-${index}`}
          label={`Paragraph ${index + 1}`}
          hint={
            paragraph.lines.length > 0
              ? `Cites ${paragraph.lines.join(", ")}: keep to the line's wording.`
              : "Leave it empty to take it out."
          }
          rows={3}
          value={texts[index]}
          onChange={(event) =>
            setTexts((current) =>
              current.map((text, at) => (at === index ? event.target.value : text)),
            )
          }
        />
      ))}
      <div className="govuk-button-group">
        <Button type="submit">Save as a new version</Button>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
