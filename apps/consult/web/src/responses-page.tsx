import { noContent, type ResponsePage, type ThemeSummary } from "@bernard/consult-contract";
import {
  Button,
  Checkboxes,
  ErrorSummary,
  NotificationBanner,
  Pagination,
  Radios,
  Select,
  Tag,
  TextInput,
  usePageTitle,
  useQuery,
} from "@bernard/ui";
import { Link, useLocation, useNavigate } from "@tanstack/react-router";
import { useState, type FormEvent } from "react";
import { api, keys, queries } from "./api.js";
import { stanceOf } from "./stance.js";
import { useAction } from "./use-action.js";

/** A query string as the router's search object: repeated names become lists. */
const searchOf = (query: URLSearchParams): Record<string, string | string[]> => {
  const search: Record<string, string | string[]> = {};
  for (const name of new Set(query.keys())) {
    const values = query.getAll(name);
    search[name] = values.length === 1 ? values[0]! : values;
  }
  return search;
};

/** Filters answered yes, no or either, by their query name. */
const YES_NO_FILTERS = [
  { name: "evidence", label: "Evidence-rich" },
  { name: "reviewed", label: "Reviewed" },
  { name: "flagged", label: "Flagged" },
  { name: "unprocessed", label: "Could not be mapped" },
];
const YES_NO = [
  { value: "", text: "Any" },
  { value: "yes", text: "Yes" },
  { value: "no", text: "No" },
];

/**
 * A question's responses, filtered by themes (all or any), stance, evidence, review, flags,
 * demographics and keyword; the filters live in the address, so a filtered list can be shared.
 * With one theme chosen, reviewers move chosen responses to another theme (splitting it).
 */
export function ResponsesPage({ questionId }: { questionId: string }) {
  const searchText = useLocation({ select: (location) => location.searchStr.replace(/^\?/, "") });
  const query = new URLSearchParams(searchText);
  const { problem, done, act } = useAction(keys.question(questionId));
  const { data: question } = useQuery(queries.question(questionId));
  const { data: themes = [] } = useQuery(queries.themes(questionId));
  const { data: demographics = [] } = useQuery(queries.demographics(questionId));
  const { data: page } = useQuery(queries.responses(questionId, searchText));

  const chosenThemes = query.getAll("theme");
  const openTheme =
    chosenThemes.length === 1 ? themes.find((theme) => theme.id === chosenThemes[0]) : undefined;
  usePageTitle(
    `${openTheme ? `Responses in "${openTheme.label}"` : "Responses"}${question ? ` to question ${question.number}` : ""}`,
  );
  const pageLink = (number: number) => {
    const next = new URLSearchParams(query);
    next.set("page", String(number));
    return searchOf(next);
  };

  return (
    <>
      <Link to="/q/$id" params={{ id: questionId }} className="govuk-back-link">
        Back to the themes
      </Link>
      <ErrorSummary errors={problem ? [{ href: "#filters", text: problem }] : []} />
      {done && (
        <NotificationBanner type="success">
          <p className="govuk-notification-banner__heading">{done}</p>
        </NotificationBanner>
      )}
      <span className="govuk-caption-l">
        {question ? `Question ${question.number}: ${question.text}` : ""}
      </span>
      <h1 className="govuk-heading-l">
        {openTheme ? `Responses in "${openTheme.label}"` : "Responses"}
      </h1>
      {openTheme && (
        <p className="govuk-body">
          {openTheme.description} {openTheme.summary}
        </p>
      )}
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-one-third">
          {/* The filters are many controls: keyboard users can go straight to the responses. */}
          <p className="govuk-body">
            <a className="govuk-link" href="#responses">
              Skip the filters to the responses
            </a>
          </p>
          {/* Started afresh whenever the address changes (applied, cleared, another page). */}
          <Filters
            key={searchText}
            questionId={questionId}
            query={query}
            themes={themes}
            demographics={demographics}
          />
        </div>
        <div className="govuk-grid-column-two-thirds">
          {page && (
            <>
              <h2 className="govuk-heading-m" aria-live="polite" id="responses" tabIndex={-1}>
                {page.total} {page.total === 1 ? "response" : "responses"}
              </h2>
              {page.total > page.pageSize && (
                <p className="govuk-body">
                  Page {page.page} of {Math.ceil(page.total / page.pageSize)}, responses{" "}
                  {(page.page - 1) * page.pageSize + 1} to{" "}
                  {Math.min(page.page * page.pageSize, page.total)}.
                </p>
              )}
              <ResponseList
                page={page}
                movable={openTheme && !question?.signedOffAt ? openTheme : undefined}
                themes={themes}
                onMove={(toThemeId, responseIds) =>
                  act(
                    () =>
                      api.post(
                        `/themes/${openTheme!.id}/move`,
                        { toThemeId, responseIds },
                        noContent,
                      ),
                    `${responseIds.length} ${responseIds.length === 1 ? "response was" : "responses were"} moved to "${themes.find((theme) => theme.id === toThemeId)!.label}".`,
                  )
                }
              />
              <Pagination
                label="Pages of responses"
                page={page.page}
                pages={Math.ceil(page.total / page.pageSize)}
                linkTo={(number) => ({
                  to: "/q/$id/responses",
                  params: { id: questionId },
                  search: pageLink(number),
                })}
              />
            </>
          )}
        </div>
      </div>
    </>
  );
}

function Filters({
  questionId,
  query,
  themes,
  demographics,
}: {
  questionId: string;
  query: URLSearchParams;
  themes: ThemeSummary[];
  demographics: { field: string; values: string[] }[];
}) {
  const navigate = useNavigate();
  const [chosen, setChosen] = useState(query.getAll("theme"));
  const [match, setMatch] = useState(query.get("match") ?? "any");
  const [values, setValues] = useState<Record<string, string>>({
    stance: query.get("stance") ?? "",
    evidence: query.get("evidence") ?? "",
    reviewed: query.get("reviewed") ?? "",
    flagged: query.get("flagged") ?? "",
    unprocessed: query.get("unprocessed") ?? "",
    q: query.get("q") ?? "",
  });
  const [groups, setGroups] = useState<Record<string, string>>(
    Object.fromEntries(
      query.getAll("demographic").map((pair) => {
        const colon = pair.indexOf(":");
        return [pair.slice(0, colon), pair.slice(colon + 1)];
      }),
    ),
  );
  const set = (name: string) => (event: { target: { value: string } }) =>
    setValues({ ...values, [name]: event.target.value });

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const theme of chosen) next.append("theme", theme);
    if (chosen.length > 1) next.set("match", match);
    for (const [name, value] of Object.entries(values)) if (value) next.set(name, value);
    for (const [field, value] of Object.entries(groups))
      if (value) next.append("demographic", `${field}:${value}`);
    void navigate({ to: "/q/$id/responses", params: { id: questionId }, search: searchOf(next) });
  };

  return (
    <form id="filters" noValidate onSubmit={apply}>
      <h2 className="govuk-heading-m">Filter</h2>
      <Checkboxes
        name="theme"
        legend="Themes"
        options={themes.map((theme) => ({
          value: theme.id,
          text: `${theme.label} (${theme.count})`,
        }))}
        value={chosen}
        onChange={setChosen}
      />
      {chosen.length > 1 && (
        <Radios
          name="match"
          legend="With"
          options={[
            { value: "any", text: "Any of these themes" },
            { value: "all", text: "All of these themes" },
          ]}
          value={[match]}
          onChange={([value]) => setMatch(value ?? "any")}
        />
      )}
      <TextInput
        id="q"
        name="q"
        label="Words in the response"
        value={values.q}
        onChange={set("q")}
      />
      <Select
        id="stance"
        label="Stance"
        value={values.stance}
        onChange={set("stance")}
        options={[
          { value: "", text: "Any" },
          { value: "support", text: "Support" },
          { value: "oppose", text: "Oppose" },
          { value: "neutral", text: "Neutral" },
        ]}
      />
      {YES_NO_FILTERS.map((filter) => (
        <Select
          key={filter.name}
          id={filter.name}
          label={filter.label}
          value={values[filter.name]}
          onChange={set(filter.name)}
          options={YES_NO}
        />
      ))}
      {demographics.map((demographic, index) => (
        <Select
          key={demographic.field}
          id={`demographic-${index + 1}`}
          label={demographic.field}
          value={groups[demographic.field] ?? ""}
          onChange={(event) => setGroups({ ...groups, [demographic.field]: event.target.value })}
          options={[
            { value: "", text: "Any" },
            ...demographic.values.map((value) => ({ value, text: value })),
          ]}
        />
      ))}
      <div className="govuk-button-group">
        <Button type="submit">Apply filters</Button>
        <Link className="govuk-link" to="/q/$id/responses" params={{ id: questionId }}>
          Clear filters
        </Link>
      </div>
    </form>
  );
}

function ResponseList({
  page,
  movable,
  themes,
  onMove,
}: {
  page: ResponsePage;
  movable: ThemeSummary | undefined;
  themes: ThemeSummary[];
  onMove: (toThemeId: string, responseIds: string[]) => Promise<void>;
}) {
  const [chosen, setChosen] = useState<string[]>([]);
  const [toThemeId, setToThemeId] = useState("");
  const [problem, setProblem] = useState<string>();
  const move = (event: FormEvent) => {
    event.preventDefault();
    if (chosen.length === 0) return setProblem("Choose at least one response to move");
    if (!toThemeId) return setProblem("Choose the theme to move them to");
    setProblem(undefined);
    void onMove(toThemeId, chosen).then(() => setChosen([]));
  };
  const toggle = (id: string) =>
    setChosen(chosen.includes(id) ? chosen.filter((other) => other !== id) : [...chosen, id]);

  const list = (
    <ul className="govuk-list">
      {page.responses.map((response) => {
        const stance = stanceOf(response.stance);
        return (
          <li key={response.id} className="govuk-!-margin-bottom-6">
            {movable && (
              <div
                className="govuk-checkboxes govuk-checkboxes--small"
                data-module="govuk-checkboxes"
              >
                <div className="govuk-checkboxes__item">
                  <input
                    className="govuk-checkboxes__input"
                    type="checkbox"
                    id={`choose-${response.id}`}
                    checked={chosen.includes(response.id)}
                    onChange={() => toggle(response.id)}
                  />
                  <label
                    className="govuk-label govuk-checkboxes__label"
                    htmlFor={`choose-${response.id}`}
                  >
                    Choose the response from {response.respondent}
                  </label>
                </div>
              </div>
            )}
            <h3 className="govuk-heading-s govuk-!-margin-bottom-1">
              <Link className="govuk-link" to="/r/$id" params={{ id: response.id }}>
                Response from {response.respondent}
              </Link>{" "}
              <Tag colour={stance.colour}>{stance.text}</Tag>{" "}
              {response.evidenceRich && <Tag colour="blue">Evidence-rich</Tag>}{" "}
              {response.reviewed && <Tag colour="turquoise">Reviewed</Tag>}{" "}
              {response.flagged && <Tag colour="orange">Flagged</Tag>}{" "}
              {response.unprocessed && <Tag colour="yellow">Needs a person</Tag>}
            </h3>
            {response.closed && (
              <p className="govuk-body-s govuk-!-margin-bottom-1">{response.closed}</p>
            )}
            <p className="govuk-body govuk-!-margin-bottom-1">{response.text}</p>
            <p className="govuk-body-s govuk-!-margin-bottom-0">
              Themes: {response.themes.map((theme) => theme.label).join("; ") || "none"}
            </p>
          </li>
        );
      })}
    </ul>
  );
  if (!movable) return list;
  return (
    <form noValidate onSubmit={move}>
      {list}
      <Select
        id="toTheme"
        label={`Move the chosen responses out of "${movable.label}" to`}
        error={problem}
        value={toThemeId}
        onChange={(event) => setToThemeId(event.target.value)}
        options={[
          { value: "", text: "Choose a theme" },
          ...themes
            .filter((theme) => theme.id !== movable.id)
            .map((theme) => ({ value: theme.id, text: theme.label })),
        ]}
      />
      <Button type="submit" variant="secondary">
        Move responses
      </Button>
    </form>
  );
}
