import {
  Button,
  Checkboxes,
  ErrorSummary,
  NotificationBanner,
  PageNotFound,
  type PortalSession,
  errorMessage,
} from "@bernard/ui";
import { useEffect, useState, type FormEvent } from "react";
import { listGroups, listUsers, setUserGroups, type Group, type ManagedUser } from "./api.js";
import { NoGroupsYet } from "./groups-section.js";
import { PortalPage } from "./portal-page.js";

/** Admins choose which groups (teams or departments) one person belongs to. */
export function UserGroupsPage({ session, userId }: { session: PortalSession; userId: string }) {
  const [user, setUser] = useState<ManagedUser>();
  const [groups, setGroups] = useState<Group[]>([]);
  const [chosen, setChosen] = useState<string[]>([]);
  const [problem, setProblem] = useState<string>();
  const [saved, setSaved] = useState(false);
  const [missing, setMissing] = useState(false);

  useEffect(() => {
    Promise.all([listUsers(), listGroups()]).then(
      ([users, allGroups]) => {
        const found = users.find((candidate) => candidate.id === userId);
        setUser(found);
        setGroups(allGroups);
        setChosen(
          allGroups.filter((group) => found?.groups.includes(group.name)).map((group) => group.id),
        );
        if (!found) setMissing(true);
      },
      (error: unknown) => setProblem(errorMessage(error)),
    );
  }, [userId]);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await setUserGroups(session.csrfToken, userId, chosen);
      setSaved(true);
      setProblem(undefined);
    } catch (error) {
      setProblem(errorMessage(error));
    }
  };

  if (missing) {
    return (
      <PortalPage session={session} title="Page not found">
        <PageNotFound home={{ href: "/admin/users", text: "See everyone who can sign in" }} />
      </PortalPage>
    );
  }
  return (
    <PortalPage session={session} title={`Groups for ${user?.name ?? "…"}`}>
      <ErrorSummary errors={problem ? [{ href: "#groups-1", text: problem }] : []} />
      {saved && (
        <NotificationBanner type="success">
          <p className="govuk-notification-banner__heading">Groups saved for {user?.name}.</p>
        </NotificationBanner>
      )}
      <a href="/admin/users" className="govuk-back-link">
        Back to users
      </a>
      <h1 className="govuk-heading-l">Groups for {user?.name ?? "…"}</h1>
      {groups.length === 0 ? (
        <NoGroupsYet />
      ) : (
        <form noValidate onSubmit={(event) => void save(event)}>
          <Checkboxes
            name="groups"
            legend="Which groups does this person belong to?"
            hint="Tools are opened to groups. Select all that apply."
            value={chosen}
            onChange={setChosen}
            options={groups.map((group) => ({ value: group.id, text: group.name }))}
          />
          <Button type="submit">Save groups</Button>
        </form>
      )}
    </PortalPage>
  );
}
