import {
  Button,
  ErrorSummary,
  NotificationBanner,
  SummaryList,
  Table,
  TextInput,
  errorMessage,
  fieldProblems,
  type PortalSession,
} from "@bernard/ui";
import { useEffect, useState, type FormEvent } from "react";
import {
  changeUserDailyTokens,
  fetchModelSettings,
  fetchUsage,
  type ModelSettings,
  type UsageReport,
  type UsageTotal,
} from "./api.js";
import { PortalPage } from "./portal-page.js";

const PROVIDERS: Record<string, string> = {
  openai: "OpenAI",
  azure: "Azure OpenAI",
  "openai-compatible": "An OpenAI-compatible server",
};
const number = new Intl.NumberFormat("en-GB");
const dollars = new Intl.NumberFormat("en-GB", {
  style: "currency",
  currency: "USD",
  maximumFractionDigits: 4,
});

/**
 * Admins see which model provider is connected, set how many tokens each person may use a day,
 * and read usage by day, tool and person, with a chart and a CSV download. The dates live in
 * the address, so a view can be bookmarked.
 */
export function ModelsPage({ session }: { session: PortalSession }) {
  const query = new URLSearchParams(window.location.search);
  const [settings, setSettings] = useState<ModelSettings>();
  const [usage, setUsage] = useState<UsageReport>();
  const [loadProblem, setLoadProblem] = useState<string>();
  const [allowance, setAllowance] = useState("");
  const [problems, setProblems] = useState<{ field: "userDailyTokens"; message: string }[]>([]);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    Promise.all([fetchModelSettings(), fetchUsage(query.toString())]).then(
      ([found, report]) => {
        setSettings(found);
        setAllowance(String(found.userDailyTokens));
        setUsage(report);
      },
      (error: unknown) => setLoadProblem(errorMessage(error)),
    );
    // The dates come from the address, which only changes with a page load.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const tokens = allowance.replaceAll(",", "").trim();
    if (!/^\d+$/.test(tokens) || Number(tokens) === 0) {
      setSaved(false);
      setProblems([
        {
          field: "userDailyTokens",
          message: "Enter a whole number of tokens greater than 0, like 1000000",
        },
      ]);
      return;
    }
    try {
      await changeUserDailyTokens(session.csrfToken, Number(tokens));
      setProblems([]);
      setSaved(true);
    } catch (error) {
      setSaved(false);
      setProblems(fieldProblems(error, ["userDailyTokens"] as const, "userDailyTokens"));
    }
  };

  return (
    <PortalPage session={session} title="Models and usage">
      <ErrorSummary
        errors={problems.map((problem) => ({ href: `#${problem.field}`, text: problem.message }))}
      />
      {saved && (
        <NotificationBanner type="success">
          <p className="govuk-notification-banner__heading">
            Each person may now use {number.format(Number(allowance.replaceAll(",", "")))} tokens a
            day.
          </p>
        </NotificationBanner>
      )}
      <h1 className="govuk-heading-l">Models and usage</h1>
      {loadProblem && <p className="govuk-body">{loadProblem}</p>}
      {settings && (
        <>
          <SummaryList
            rows={[
              {
                key: "Model provider",
                value: settings.provider
                  ? (PROVIDERS[settings.provider] ?? settings.provider)
                  : "None: every tool uses its offline engine",
              },
              { key: "Models admins may choose", value: settings.models.join(", ") },
            ]}
          />
          <p className="govuk-body">
            Choose the model for each tool on its page under{" "}
            <a className="govuk-link" href="/admin/tools">
              Tools
            </a>
            . The provider and its models are set where Bernard is installed (see the README).
          </p>
          <form noValidate onSubmit={(event) => void save(event)}>
            <TextInput
              id="userDailyTokens"
              name="userDailyTokens"
              label="Tokens each person may use per day, across all tools"
              hint="When someone reaches it, tools tell them to try again tomorrow or ask you."
              inputMode="numeric"
              spellCheck={false}
              className="govuk-input--width-10"
              value={allowance}
              onChange={(event) => setAllowance(event.target.value)}
              error={problems[0]?.message}
            />
            <Button type="submit">Save allowance</Button>
          </form>
        </>
      )}
      {usage && <Usage report={usage} />}
    </PortalPage>
  );
}

function Usage({ report }: { report: UsageReport }) {
  const range = `from=${report.from}&to=${report.to}`;
  const totalsTable = (caption: string, header: string, rows: UsageTotal[]) => (
    <Table
      caption={caption}
      rows={rows}
      rowKey={(row) => row.key}
      columns={[
        { header, cell: (row) => row.key || "(unknown)" },
        { header: "Calls", cell: (row) => number.format(row.calls), numeric: true },
        { header: "Tokens", cell: (row) => number.format(row.tokens), numeric: true },
        { header: "Cost", cell: (row) => dollars.format(row.costUsd), numeric: true },
      ]}
    />
  );
  return (
    <>
      <h2 className="govuk-heading-m">Usage</h2>
      <form method="get" action="/admin/models" className="govuk-!-margin-bottom-6">
        {(["from", "to"] as const).map((field) => (
          <TextInput
            key={field}
            id={field}
            name={field}
            label={`${field === "from" ? "From" : "To"} (YYYY-MM-DD)`}
            type="date"
            className="govuk-input--width-10"
            defaultValue={report[field]}
          />
        ))}
        <Button type="submit" variant="secondary">
          Show usage
        </Button>
      </form>
      <p className="govuk-body">
        {number.format(report.total.tokens)} tokens in {number.format(report.total.calls)} calls,{" "}
        {dollars.format(report.total.costUsd)} at list prices, from {report.from} to {report.to}.{" "}
        <a className="govuk-link" href={`/api/admin/llm/usage.csv?${range}`}>
          Download the usage as CSV
        </a>
      </p>
      {report.byDay.length > 0 && <DailyChart days={report.byDay} />}
      {totalsTable("Tokens by day", "Day", report.byDay)}
      {totalsTable("Tokens by tool", "Tool", report.byTool)}
      {totalsTable("Tokens by person", "Person", report.byUser)}
    </>
  );
}

/** Bars of tokens per day; the table below it carries the same figures for screen readers. */
function DailyChart({ days }: { days: UsageTotal[] }) {
  const highest = Math.max(...days.map((day) => day.tokens), 1);
  const barWidth = 24;
  const height = 160;
  return (
    <figure className="govuk-!-margin-0 govuk-!-margin-bottom-6">
      <svg
        role="img"
        aria-labelledby="usage-chart-title"
        width={days.length * (barWidth + 8)}
        height={height + 4}
        className="bernard-usage-chart"
      >
        <title id="usage-chart-title">
          Tokens used each day, highest {number.format(highest)}; the figures are in the table
          below.
        </title>
        {days.map((day, index) => {
          const barHeight = Math.max(1, Math.round((day.tokens / highest) * height));
          return (
            <rect
              key={day.key}
              x={index * (barWidth + 8)}
              y={height - barHeight + 2}
              width={barWidth}
              height={barHeight}
              fill="#1d70b8"
            >
              <title>{`${day.key}: ${number.format(day.tokens)} tokens`}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption className="govuk-body-s">Tokens used each day</figcaption>
    </figure>
  );
}
