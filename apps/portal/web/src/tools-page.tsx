import { NotificationBanner, Table, Tag, errorMessage, useQuery } from "@bernard/ui";
import { queries } from "./api.js";
import { PortalPage } from "./portal-page.js";
import { Link } from "@tanstack/react-router";

const STATUS = {
  healthy: { text: "Healthy", colour: "green" },
  unreachable: { text: "Unreachable", colour: "red" },
  misconfigured: { text: "Misconfigured", colour: "orange" },
} as const;

/** Admins see every tool: whether it answers, its version, whether it is on, and who may use it. */
export function ToolsPage() {
  const query = useQuery(queries.tools);
  const tools = query.data;
  const problem = query.isError ? errorMessage(query.error) : undefined;

  return (
    <PortalPage title="Tools">
      {problem && (
        <NotificationBanner>
          <p className="govuk-notification-banner__heading">{problem}</p>
        </NotificationBanner>
      )}
      <h1 className="govuk-heading-l">Tools</h1>
      <p className="govuk-body">
        Switch tools on or off and choose which groups may use them. Changes apply at once.
      </p>
      {!tools && !problem && <p className="govuk-body">Checking the tools…</p>}
      {tools?.length === 0 && (
        <p className="govuk-body">
          No tools are configured. Tools started by <code>pnpm start</code> appear here
          automatically; others are added with the BERNARD_TOOLS setting.
        </p>
      )}
      {tools && tools.length > 0 && (
        <Table
          caption="Tools in this installation"
          rows={tools}
          rowKey={(tool) => tool.id}
          columns={[
            {
              header: "Tool",
              cell: (tool) => (
                <>
                  <strong>{tool.name}</strong>
                  <br />
                  <span className="govuk-hint govuk-!-margin-bottom-0">{tool.id}</span>
                </>
              ),
            },
            { header: "Version", cell: (tool) => tool.version ?? "Not known" },
            {
              header: "Status",
              cell: (tool) => (
                <>
                  <Tag colour={STATUS[tool.status.state].colour}>
                    {STATUS[tool.status.state].text}
                  </Tag>
                  {tool.status.reason && (
                    <p className="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">
                      {tool.status.reason}
                    </p>
                  )}
                </>
              ),
            },
            {
              header: "Switched",
              cell: (tool) =>
                tool.enabled ? <Tag colour="blue">On</Tag> : <Tag colour="grey">Off</Tag>,
            },
            {
              header: "Who can use it",
              cell: (tool) =>
                tool.openToEveryone
                  ? "Everyone"
                  : tool.groups.map((group) => group.name).join(", "),
            },
            {
              header: <span className="govuk-visually-hidden">Actions</span>,
              cell: (tool) => (
                <Link className="govuk-link" to="/admin/tools/$id" params={{ id: tool.id }}>
                  Change<span className="govuk-visually-hidden"> {tool.name}</span>
                </Link>
              ),
            },
          ]}
        />
      )}
    </PortalPage>
  );
}
