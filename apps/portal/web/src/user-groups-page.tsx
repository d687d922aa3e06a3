import {
  Button,
  Checkboxes,
  ErrorSummary,
  NotificationBanner,
  PageNotFound,
  errorMessage,
  useMutation,
  useQuery,
  useQueryClient,
} from "@bernard/ui";
import { useState, type FormEvent } from "react";
import { actions, queries } from "./api.js";
import { NoGroupsYet } from "./groups-section.js";
import { PortalPage } from "./portal-page.js";
import { Link } from "@tanstack/react-router";

/** Admins choose which groups (teams or departments) one person belongs to. */
export function UserGroupsPage({ userId }: { userId: string }) {
  const queryClient = useQueryClient();
  const users = useQuery(queries.users);
  const groups = useQuery(queries.groups);
  const user = users.data?.find((candidate) => candidate.id === userId);
  // What the admin ticks; until they tick something, the groups the person is in.
  const [ticked, setTicked] = useState<string[]>();
  const chosen =
    ticked ??
    (groups.data ?? [])
      .filter((group) => user?.groups.includes(group.name))
      .map((group) => group.id);
  const save = useMutation({
    mutationFn: (groupIds: string[]) => actions.setUserGroups(userId, groupIds),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queries.users.queryKey }),
        queryClient.invalidateQueries({ queryKey: queries.groups.queryKey }),
      ]),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(chosen);
  };
  const problem = users.error ?? groups.error ?? save.error;

  if (users.data && !user) {
    return (
      <PortalPage title="Page not found">
        <PageNotFound home={{ href: "/admin/users", text: "See everyone who can sign in" }} />
      </PortalPage>
    );
  }
  return (
    <PortalPage title={`Groups for ${user?.name ?? "…"}`}>
      <ErrorSummary errors={problem ? [{ href: "#groups-1", text: errorMessage(problem) }] : []} />
      {save.isSuccess && (
        <NotificationBanner type="success">
          <p className="govuk-notification-banner__heading">Groups saved for {user?.name}.</p>
        </NotificationBanner>
      )}
      <Link to="/admin/users" className="govuk-back-link">
        Back to users
      </Link>
      <h1 className="govuk-heading-l">Groups for {user?.name ?? "…"}</h1>
      {groups.data?.length === 0 ? (
        <NoGroupsYet />
      ) : (
        <form noValidate onSubmit={submit}>
          <Checkboxes
            name="groups"
            legend="Which groups does this person belong to?"
            hint="Tools are opened to groups. Select all that apply."
            value={chosen}
            onChange={setTicked}
            options={(groups.data ?? []).map((group) => ({ value: group.id, text: group.name }))}
          />
          <Button type="submit">Save groups</Button>
        </form>
      )}
    </PortalPage>
  );
}
