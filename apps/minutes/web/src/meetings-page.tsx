import { ButtonLink, ListPage, Tag, formatDate, useQuery } from "@bernard/ui";
import { Link } from "@tanstack/react-router";
import { queries } from "./api.js";
import { StatusTag } from "./status.js";

/** Every meeting the person may see, newest first. */
export function MeetingsPage() {
  const meetings = useQuery(queries.meetings());
  return (
    <ListPage
      title="Meetings"
      intro="Upload a meeting's transcript and get formal minutes, every point linked to what was said. Edit them, circulate them for comment and have the chair agree them."
      action={<ButtonLink to="/new">Create a meeting</ButtonLink>}
      list={meetings}
      empty="There are no meetings yet."
      caption="All meetings"
      rowKey={(meeting) => meeting.id}
      columns={[
        {
          header: "Meeting",
          cell: (meeting) => (
            <Link className="govuk-link" to="/m/$id" params={{ id: meeting.id }}>
              {meeting.title}
            </Link>
          ),
        },
        { header: "Date", cell: (meeting) => formatDate(meeting.date) },
        { header: "Chair", cell: (meeting) => meeting.chair },
        {
          header: "Minutes",
          cell: (meeting) =>
            meeting.latestVersion ? (
              <StatusTag status={meeting.status} />
            ) : (
              <Tag colour="grey">Not drafted</Tag>
            ),
        },
      ]}
    />
  );
}
