import type { MeetingStatus, VersionSummary } from "@bernard/minutes-contract";
import { Tag, formatDateTime } from "@bernard/ui";

const STATUS = {
  draft: { text: "Draft", colour: "blue" },
  circulated: { text: "Circulated for comment", colour: "yellow" },
  agreed: { text: "Agreed", colour: "green" },
} as const;

export function StatusTag({ status }: { status: MeetingStatus }) {
  return <Tag colour={STATUS[status].colour}>{STATUS[status].text}</Tag>;
}

/** What an agreed meeting's pages say instead of their forms. */
export function FrozenNote() {
  return (
    <p className="govuk-body">
      The chair has agreed the minutes, so the meeting is frozen. Start a new version from the
      minutes to change it.
    </p>
  );
}

/** Where a version came from, in words. */
export function describeVersion(version: VersionSummary): string {
  const how =
    version.restoredFrom !== null
      ? `version ${version.restoredFrom} brought back by ${version.authorName}`
      : version.source === "generated"
        ? `drafted by the ${version.authorName.toLowerCase()}`
        : version.source === "ai"
          ? `AI edit asked for by ${version.authorName}`
          : `edited by ${version.authorName}`;
  return `Version ${version.number}: ${how}, ${formatDateTime(version.createdAt)}`;
}
