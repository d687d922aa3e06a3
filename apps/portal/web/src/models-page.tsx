import { modelAllowanceBody, type UsageReport, type UsageTotal } from "@bernard/portal-contract";
import {
  Button,
  ErrorSummary,
  NotificationBanner,
  SummaryList,
  Table,
  TextInput,
  errorMessage,
  useMutation,
  useQuery,
  useQueryClient,
  useSchemaForm,
} from "@bernard/ui";
import { z } from "zod";
import { actions, queries, queryString } from "./api.js";
import { FORM_OPTIONS, PortalPage } from "./portal-page.js";
import { Link } from "@tanstack/react-router";

/** The allowance as typed (`250,000` too), read into what the API takes. */
const allowanceForm = z.object({
  userDailyTokens: z
    .string()
    .transform((typed) => typed.replaceAll(",", "").trim())
    .refine(
      (typed) => /^\d+$/.test(typed) && Number(typed) > 0,
      "Enter a whole number of tokens greater than 0, like 1000000",
    )
    .transform(Number)
    .pipe(modelAllowanceBody.shape.userDailyTokens),
});

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
export function ModelsPage({ search }: { search: { from?: string; to?: string } }) {
  const queryClient = useQueryClient();
  const settingsQuery = useQuery(queries.modelSettings);
  const settings = settingsQuery.data;
  const usage = useQuery(queries.usage(queryString(search)));
  const loadProblem = settingsQuery.error ?? usage.error;
  const form = useSchemaForm(allowanceForm, {
    ...FORM_OPTIONS,
    values: settings && { userDailyTokens: String(settings.userDailyTokens) },
    // The saved allowance comes back; anything typed since is kept.
    resetOptions: { keepDirtyValues: true },
  });
  const save = useMutation({
    mutationFn: actions.changeModelAllowance,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queries.modelSettings.queryKey }),
  });
  const submit = form.submitTo(async (input) => {
    await save.mutateAsync(input);
  }, "userDailyTokens");

  return (
    <PortalPage title="Models and usage">
      <ErrorSummary errors={form.summary} />
      {save.isSuccess && (
        <NotificationBanner type="success">
          <p className="govuk-notification-banner__heading">
            Each person may now use {number.format(save.variables.userDailyTokens)} tokens a day.
          </p>
        </NotificationBanner>
      )}
      <h1 className="govuk-heading-l">Models and usage</h1>
      {loadProblem && <p className="govuk-body">{errorMessage(loadProblem)}</p>}
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
            <Link className="govuk-link" to="/admin/tools">
              Tools
            </Link>
            . The provider and its models are set where Bernard is installed (see the README).
          </p>
          <form noValidate onSubmit={(event) => void submit(event)}>
            <TextInput
              id="userDailyTokens"
              label="Tokens each person may use per day, across all tools"
              hint="When someone reaches it, tools tell them to try again tomorrow or ask you."
              inputMode="numeric"
              spellCheck={false}
              className="govuk-input--width-10"
              {...form.register("userDailyTokens")}
              error={form.errorFor("userDailyTokens")}
            />
            <Button type="submit">Save allowance</Button>
          </form>
        </>
      )}
      {usage.data && <Usage report={usage.data} />}
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
