import {
  importResultSchema,
  lineSchema,
  type ImportResult,
  type Line,
} from "@bernard/letters-contract";
import {
  Button,
  ErrorSummary,
  FileUpload,
  NotificationBanner,
  Radios,
  Table,
  Tag,
  TextInput,
  errorMessage,
  formatDate,
  useQuery,
  useQueryClient,
  usePageTitle,
} from "@bernard/ui";
import { useState } from "react";
import { api, keys, queries } from "./api.js";
import { OneFieldForm } from "./one-field-form.js";

const STATUS_CHOICES = [
  { value: "all", text: "All lines" },
  { value: "usable", text: "Lines that may be used today" },
  { value: "unusable", text: "Expired or withdrawn lines" },
] as const;

/** The knowledge base: import lines, search them, withdraw one or set the date it is reviewed by. */
export function LinesPage() {
  const [search, setSearch] = useState("");
  const [query, setQuery] = useState<{ search: string; status: "all" | "usable" | "unusable" }>({
    search: "",
    status: "all",
  });
  const lines = useQuery(queries.lines(query));
  const client = useQueryClient();
  const [problem, setProblem] = useState<{ href: string; text: string }>();
  const [done, setDone] = useState<string>();
  const [imported, setImported] = useState<ImportResult>();
  usePageTitle("Lines to take");

  const act = async (href: string, work: () => Promise<unknown>, success: string) => {
    setProblem(undefined);
    setDone(undefined);
    try {
      await work();
      await client.invalidateQueries({ queryKey: keys.lines });
      setDone(success);
    } catch (error) {
      setProblem({ href, text: errorMessage(error) });
    }
  };
  const importFile = (form: HTMLFormElement) =>
    act(
      "#file",
      async () => {
        const file = (form.elements.namedItem("file") as HTMLInputElement).files?.[0];
        if (!file) throw new Error("Select a file of lines");
        const data = new FormData();
        data.set("owner", (form.elements.namedItem("owner") as HTMLInputElement).value);
        data.set("file", file);
        setImported(await api.upload("/lines/import", data, importResultSchema));
      },
      "The lines are imported.",
    );

  return (
    <>
      <ErrorSummary errors={problem ? [problem] : []} />
      {done && (
        <NotificationBanner type="success">
          {done}
          {imported && (
            <p className="govuk-body" data-testid="import-result">
              {imported.added} new, {imported.updated} changed, {imported.unchanged} unchanged
              {imported.problems.length > 0 && `, ${imported.problems.length} left out`}.
            </p>
          )}
        </NotificationBanner>
      )}
      <h1 className="govuk-heading-l">Lines to take</h1>
      <p className="govuk-body">
        The approved wording a reply may use. A draft uses a line word for word and cites it;
        expired and withdrawn lines are never used, and drafts that cite them are marked.
      </p>
      {imported && imported.problems.length > 0 && (
        <div className="govuk-inset-text">
          <p className="govuk-body">Rows left out of the import:</p>
          <ul className="govuk-list govuk-list--bullet">
            {imported.problems.map((row) => (
              <li key={row.row}>{row.message}</li>
            ))}
          </ul>
        </div>
      )}
      <h2 className="govuk-heading-m">Import lines</h2>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void importFile(event.currentTarget);
        }}
      >
        <FileUpload
          id="file"
          name="file"
          label="File of lines"
          hint="JSON Lines or CSV with line_id, title, topic, text, approved_on and optionally expires_on and status; or a Word document with a heading for each line."
          accept=".jsonl,.csv,.docx"
          error={problem?.href === "#file" ? problem.text : undefined}
        />
        <TextInput id="owner" name="owner" label="Team that owns them (optional)" />
        <Button type="submit">Import lines</Button>
      </form>
      <h2 className="govuk-heading-m">Find a line</h2>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setQuery((current) => ({ ...current, search }));
        }}
      >
        <TextInput
          id="search"
          label="Words in the line, its title, topic or ID"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
        <Radios
          name="status"
          legend="Show"
          options={STATUS_CHOICES.map((choice) => ({ ...choice }))}
          value={[query.status]}
          onChange={([status]) =>
            setQuery((current) => ({ ...current, status: status as typeof current.status }))
          }
        />
        <Button type="submit" variant="secondary">
          Search
        </Button>
      </form>
      {lines.error && <p className="govuk-body">{errorMessage(lines.error)}</p>}
      {lines.data?.length === 0 && <p className="govuk-body">No lines match.</p>}
      {lines.data && lines.data.length > 0 && (
        <Table
          caption={`${lines.data.length} ${lines.data.length === 1 ? "line" : "lines"}`}
          rows={lines.data}
          rowKey={(line) => line.id}
          columns={[
            { header: "ID", cell: (line) => line.id },
            {
              header: "Line",
              cell: (line) => (
                <>
                  <strong>{line.title}</strong> {line.text}
                </>
              ),
            },
            { header: "Topic", cell: (line) => line.topic },
            {
              header: "Approved",
              cell: (line) =>
                `${formatDate(line.approvedOn)}${line.expiresOn ? `, review by ${formatDate(line.expiresOn)}` : ""}`,
            },
            {
              header: "Status",
              cell: (line) =>
                line.unusable ? (
                  <Tag colour="red">{line.unusable}</Tag>
                ) : (
                  <Tag colour="green">Current</Tag>
                ),
            },
            {
              header: "Change",
              cell: (line) => (
                <LineChanges
                  line={line}
                  onChange={(method, path, body, success) =>
                    void act(
                      `#${method === "PUT" ? "review" : "withdraw"}-${line.id}`,
                      () =>
                        method === "PUT"
                          ? api.put(path, body, lineSchema)
                          : api.post(path, body, lineSchema),
                      success,
                    )
                  }
                />
              ),
            },
          ]}
        />
      )}
    </>
  );
}

/** A line's review-by date, or its withdrawal (with a reason); the line keeps its earlier versions. */
function LineChanges({
  line,
  onChange,
}: {
  line: Line;
  onChange: (method: "POST" | "PUT", path: string, body: unknown, success: string) => void;
}) {
  if (line.status === "withdrawn") return null;
  return (
    <details className="govuk-details">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">
          Change or withdraw<span className="govuk-visually-hidden"> line {line.id}</span>
        </span>
      </summary>
      <div className="govuk-details__text">
        <OneFieldForm
          id={`review-${line.id}`}
          label="Review-by date"
          hint="The last day it may be used, like 2026-12-31. Leave it empty for no date."
          initial={line.expiresOn ?? ""}
          button={`Save the date for line ${line.id}`}
          onSubmit={(date) =>
            onChange(
              "PUT",
              `/lines/${encodeURIComponent(line.id)}/expiry`,
              { expiresOn: date || null },
              date
                ? `Line ${line.id} may be used until ${formatDate(date)}.`
                : `Line ${line.id} has no review-by date.`,
            )
          }
        />
        <OneFieldForm
          id={`withdraw-${line.id}`}
          label="Why it is withdrawn"
          button={`Withdraw line ${line.id}`}
          variant="warning"
          onSubmit={(reason) =>
            onChange(
              "POST",
              `/lines/${encodeURIComponent(line.id)}/withdraw`,
              { reason },
              `Line ${line.id} is withdrawn.`,
            )
          }
        />
      </div>
    </details>
  );
}
