import type { ThemeSummary } from "@bernard/consult-contract";
import { ErrorSummary, Tag, errorMessage, usePageTitle, useQuery } from "@bernard/ui";
import { Link } from "@tanstack/react-router";
import { queries } from "./api.js";
import { stanceOf } from "./stance.js";

/** GOV.UK colours for the stance bars (each at least 3:1 against white). */
const BAR_COLOURS = { support: "#00703c", oppose: "#d4351c", neutral: "#505a5f" } as const;
const ROW_HEIGHT = 28;
const LABEL_WIDTH = 260;
const BAR_WIDTH = 360;

/** A question's results at a glance: themes by count with their stance, summaries and quotes. */
export function DashboardPage({ questionId }: { questionId: string }) {
  const { data: question, error } = useQuery(queries.question(questionId));
  const themesQuery = useQuery(queries.themes(questionId));
  const themes = themesQuery.data?.filter((theme) => theme.count > 0);
  const failure = error ?? themesQuery.error;
  const problem = failure ? errorMessage(failure) : undefined;
  usePageTitle(question ? `Question ${question.number} dashboard` : "Dashboard");

  return (
    <>
      <Link to="/q/$id" params={{ id: questionId }} className="govuk-back-link">
        Back to the themes
      </Link>
      <ErrorSummary errors={problem ? [{ href: "#chart", text: problem }] : []} />
      <span className="govuk-caption-l">{question?.consultationTitle}</span>
      <h1 className="govuk-heading-l">Question {question?.number} dashboard</h1>
      <p className="govuk-body">{question?.text}</p>
      {question && (
        <p className="govuk-body">
          {question.responses} responses.{" "}
          {question.signedOffAt ? (
            <Tag colour="green">Signed off</Tag>
          ) : (
            <Tag colour="yellow">Not signed off yet</Tag>
          )}
        </p>
      )}
      {themes && themes.length === 0 && (
        <p className="govuk-body">No themes yet. Find them on the themes page first.</p>
      )}
      {themes && themes.length > 0 && (
        <>
          <ThemeChart themes={themes} />
          <h2 className="govuk-heading-m">What people said</h2>
          {themes.map((theme) => (
            <section key={theme.id} className="govuk-!-margin-bottom-6">
              <h3 className="govuk-heading-s">
                <Link
                  className="govuk-link"
                  to="/q/$id/responses"
                  params={{ id: questionId }}
                  search={{ theme: theme.id }}
                >
                  {theme.label}
                </Link>{" "}
                <Tag colour={stanceOf(theme.stance).colour}>{stanceOf(theme.stance).text}</Tag>
              </h3>
              <p className="govuk-body">
                {theme.count} {theme.count === 1 ? "response" : "responses"} ({theme.percent}%):{" "}
                {theme.stances.support} support, {theme.stances.oppose} oppose,{" "}
                {theme.stances.neutral} neutral.
              </p>
              {theme.summary && <p className="govuk-body">{theme.summary}</p>}
              {theme.representatives.map((quote) => (
                <blockquote key={quote.id} className="govuk-inset-text">
                  <p className="govuk-body">“{quote.text}”</p>
                  <Link className="govuk-link govuk-body-s" to="/r/$id" params={{ id: quote.id }}>
                    See this response
                  </Link>
                </blockquote>
              ))}
            </section>
          ))}
        </>
      )}
    </>
  );
}

/** Themes as horizontal bars split by stance, with the numbers written beside them. */
function ThemeChart({ themes }: { themes: ThemeSummary[] }) {
  const most = Math.max(...themes.map((theme) => theme.count));
  const height = themes.length * ROW_HEIGHT + 30;
  const describe = themes
    .map(
      (theme) =>
        `${theme.label}: ${theme.count} (${theme.stances.support} support, ${theme.stances.oppose} oppose, ${theme.stances.neutral} neutral)`,
    )
    .join("; ");
  return (
    <figure className="govuk-!-margin-0 govuk-!-margin-bottom-6" id="chart">
      <figcaption className="govuk-heading-m">Responses per theme, by stance</figcaption>
      <svg
        role="img"
        aria-label={`Responses per theme. ${describe}`}
        viewBox={`0 0 ${LABEL_WIDTH + BAR_WIDTH + 60} ${height}`}
        width="100%"
        fontFamily="arial, sans-serif"
        style={{ maxWidth: LABEL_WIDTH + BAR_WIDTH + 60 }}
      >
        {themes.map((theme, index) => {
          const y = index * ROW_HEIGHT;
          let x = LABEL_WIDTH;
          return (
            <g key={theme.id}>
              <text x={LABEL_WIDTH - 8} y={y + 18} textAnchor="end" fontSize="14" fill="#0b0c0c">
                {theme.label.length > 34 ? `${theme.label.slice(0, 33)}…` : theme.label}
              </text>
              {(["support", "oppose", "neutral"] as const).map((stance) => {
                const width = (theme.stances[stance] / most) * BAR_WIDTH;
                const bar = (
                  <rect
                    key={stance}
                    x={x}
                    y={y + 4}
                    width={width}
                    height={ROW_HEIGHT - 8}
                    fill={BAR_COLOURS[stance]}
                  />
                );
                x += width;
                return bar;
              })}
              <text x={x + 6} y={y + 18} fontSize="14" fill="#0b0c0c">
                {theme.count}
              </text>
            </g>
          );
        })}
        {(["support", "oppose", "neutral"] as const).map((stance, index) => (
          <g key={stance}>
            <rect
              x={LABEL_WIDTH + index * 110}
              y={height - 18}
              width="14"
              height="14"
              fill={BAR_COLOURS[stance]}
            />
            <text x={LABEL_WIDTH + index * 110 + 20} y={height - 6} fontSize="14" fill="#0b0c0c">
              {stanceOf(stance).text}
            </text>
          </g>
        ))}
      </svg>
    </figure>
  );
}
