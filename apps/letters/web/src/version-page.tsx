import { versionSchema, type Case, type Version } from "@bernard/letters-contract";
import {
  Button,
  ErrorSummary,
  NotificationBanner,
  errorMessage,
  useNotFound,
  usePageTitle,
  useQuery,
} from "@bernard/ui";
import { Link } from "@tanstack/react-router";
import { api, queries } from "./api.js";
import { DraftPanel } from "./draft-panel.js";
import { useCaseChange } from "./use-change.js";

/** One version of a case's reply as it was, with its checks as of today; the way back to it. */
export function VersionPage({ id, number }: { id: string; number: number }) {
  const details = useQuery(queries.case(id));
  const version = useQuery(queries.version(id, number));
  const notFound = useNotFound();
  const reference = details.data?.reference;
  usePageTitle(reference ? `Version ${number} of the reply to ${reference}` : "Version");
  const error = details.error ?? version.error;
  if (error && notFound(error)) return null;
  if (error) return <p className="govuk-body">{errorMessage(error)}</p>;
  if (!details.data || !version.data) return <p className="govuk-body">Loading the version…</p>;
  return <OneVersion found={details.data} version={version.data} />;
}

function OneVersion({ found, version }: { found: Case; version: Version }) {
  const change = useCaseChange(found.id);
  const latest = found.latestVersion === version.number;
  const draftable = ["received", "allocated", "drafting", "quality_check"].includes(found.status);
  // Going back saves this version's words as a new version: nothing after it is lost.
  const goBack = () =>
    change.run(
      () =>
        api.put(
          `/cases/${found.id}/draft`,
          { basedOn: found.latestVersion, paragraphs: version.paragraphs },
          versionSchema,
        ),
      `Version ${version.number}'s words are now the latest version of the reply.`,
    );
  return (
    <>
      <Link to="/c/$id" params={{ id: found.id }} className="govuk-back-link">
        Back to case {found.reference}
      </Link>
      <ErrorSummary errors={change.problem ? [{ href: "#go-back", text: change.problem }] : []} />
      {change.done && (
        <NotificationBanner type="success">
          {change.done}{" "}
          <Link to="/c/$id" params={{ id: found.id }} className="govuk-notification-banner__link">
            See the case
          </Link>
        </NotificationBanner>
      )}
      <span className="govuk-caption-l">Case {found.reference}</span>
      <h1 className="govuk-heading-l">Version {version.number} of the reply</h1>
      <p className="govuk-body">
        {latest
          ? "This is the latest version."
          : `The latest version is ${found.latestVersion}. This one is kept as it was.`}
      </p>
      <h2 className="govuk-heading-m">The reply as it was, with today&apos;s checks</h2>
      <DraftPanel
        caseId={found.id}
        draft={version}
        retrieval={undefined}
        editable={false}
        change={change}
      />
      {!latest && draftable && !change.done && (
        <Button id="go-back" variant="secondary" onClick={goBack} disabled={change.busy}>
          Go back to this version
        </Button>
      )}
    </>
  );
}
