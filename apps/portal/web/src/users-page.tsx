import {
  Button,
  ErrorSummary,
  NotificationBanner,
  Radios,
  Table,
  Tag,
  TextInput,
  type PortalSession,
  errorMessage,
  fieldProblems,
  formatTime,
} from "@bernard/ui";
import { useCallback, useEffect, useState, type FormEvent } from "react";
import {
  changeUser,
  inviteUser,
  listUsers,
  resetPassword,
  unlockSignIn,
  type ManagedUser,
} from "./api.js";
import { GroupsSection } from "./groups-section.js";
import { PortalPage } from "./portal-page.js";

type Field = "name" | "email" | "role";
interface Problem {
  field: Field;
  message: string;
}

/** Admins see everyone who can sign in, invite new people, and change or deactivate accounts. */
export function UsersPage({ session }: { session: PortalSession }) {
  const [users, setUsers] = useState<ManagedUser[]>();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<"user" | "admin">("user");
  const [problems, setProblems] = useState<Problem[]>([]);
  const [invitation, setInvitation] = useState<{ email: string; link: string; reset?: boolean }>();
  const [notice, setNotice] = useState<string>();

  const refresh = useCallback(() => {
    listUsers().then(setUsers, (error: unknown) => setNotice(errorMessage(error)));
  }, []);
  useEffect(refresh, [refresh]);

  const invite = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const created = await inviteUser(session.csrfToken, { name, email, role });
      setInvitation(created);
      setProblems([]);
      setName("");
      setEmail("");
      refresh();
    } catch (error) {
      setInvitation(undefined);
      setProblems(fieldProblems(error, ["name", "email", "role"] as const, "email"));
    }
  };

  const reset = async (user: ManagedUser) => {
    try {
      setInvitation({ ...(await resetPassword(session.csrfToken, user.id)), reset: true });
      setNotice(undefined);
      refresh();
    } catch (error) {
      setNotice(errorMessage(error));
    }
  };

  const unlock = async (user: ManagedUser) => {
    try {
      await unlockSignIn(session.csrfToken, user.id);
      setNotice(`${user.name} can sign in again.`);
      refresh();
    } catch (error) {
      setNotice(errorMessage(error));
    }
  };

  const change = async (
    user: ManagedUser,
    update: { role?: "user" | "admin"; active?: boolean },
  ) => {
    try {
      const changed = await changeUser(session.csrfToken, user.id, update);
      setNotice(`${changed.name} is now ${describe(changed)}.`);
      refresh();
    } catch (error) {
      setNotice(errorMessage(error));
    }
  };

  const errorFor = (field: Field) => problems.find((problem) => problem.field === field)?.message;
  return (
    <PortalPage session={session} title="Users">
      <ErrorSummary
        errors={problems.map((problem) => ({ href: `#${problem.field}`, text: problem.message }))}
      />
      {invitation && (
        <NotificationBanner
          type="success"
          title={invitation.reset ? "Password reset" : "Invitation created"}
        >
          <p className="govuk-body">
            Send this link to {invitation.email}. It works once, for 7 days:
          </p>
          <p className="govuk-body">
            <code id="invitation-link">{invitation.link}</code>
          </p>
        </NotificationBanner>
      )}
      {notice && (
        <NotificationBanner>
          <p className="govuk-notification-banner__heading" role="status">
            {notice}
          </p>
        </NotificationBanner>
      )}
      <h1 className="govuk-heading-l">Users</h1>
      {users && (
        <Table
          caption="Everyone who can sign in"
          rowKey={(user) => user.id}
          rows={users}
          columns={[
            { header: "Name", cell: (user) => user.name },
            { header: "Email address", cell: (user) => user.email },
            { header: "Role", cell: (user) => (user.role === "admin" ? "Administrator" : "User") },
            {
              header: "Groups",
              cell: (user) => (
                <a className="govuk-link" href={`/admin/users/${user.id}/groups`}>
                  {user.groups.length > 0 ? user.groups.join(", ") : "None"}
                  <span className="govuk-visually-hidden"> (change groups for {user.name})</span>
                </a>
              ),
            },
            { header: "Status", cell: (user) => <StatusTag user={user} /> },
            {
              header: "Actions",
              cell: (user) => (
                <div className="govuk-button-group">
                  {user.signInThrottledUntil && (
                    <Button variant="secondary" onClick={() => void unlock(user)}>
                      Unlock
                      <span className="govuk-visually-hidden"> sign-in for {user.name}</span>
                    </Button>
                  )}
                  {user.id === session.user.id ? (
                    "This is you"
                  ) : (
                    <>
                      <Button
                        variant="secondary"
                        onClick={() => void change(user, { active: !user.active })}
                      >
                        {user.active ? "Deactivate" : "Reactivate"}
                        <span className="govuk-visually-hidden"> {user.name}</span>
                      </Button>
                      <Button
                        variant="secondary"
                        onClick={() =>
                          void change(user, { role: user.role === "admin" ? "user" : "admin" })
                        }
                      >
                        {user.role === "admin" ? "Make user" : "Make administrator"}
                        <span className="govuk-visually-hidden"> {user.name}</span>
                      </Button>
                      <Button variant="secondary" onClick={() => void reset(user)}>
                        Reset password
                        <span className="govuk-visually-hidden"> of {user.name}</span>
                      </Button>
                    </>
                  )}
                </div>
              ),
            },
          ]}
        />
      )}
      <GroupsSection session={session} onChange={refresh} />
      <h2 className="govuk-heading-m">Invite someone</h2>
      <form noValidate onSubmit={(event) => void invite(event)}>
        <TextInput
          id="name"
          label="Full name"
          autoComplete="off"
          value={name}
          onChange={(event) => setName(event.target.value)}
          error={errorFor("name")}
        />
        <TextInput
          id="email"
          label="Email address"
          type="email"
          spellCheck={false}
          autoComplete="off"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={errorFor("email")}
        />
        <Radios
          name="role"
          legend="Role"
          value={[role]}
          onChange={([chosen]) => setRole(chosen === "admin" ? "admin" : "user")}
          error={errorFor("role")}
          options={[
            { value: "user", text: "User", hint: "Opens the tools they are allowed to use" },
            {
              value: "admin",
              text: "Administrator",
              hint: "Also manages users, tools and settings",
            },
          ]}
        />
        <Button type="submit">Create invitation</Button>
      </form>
    </PortalPage>
  );
}

function describe(user: ManagedUser): string {
  return `${user.active ? "active" : "deactivated"} (${user.role === "admin" ? "administrator" : "user"})`;
}

function StatusTag({ user }: { user: ManagedUser }) {
  if (!user.active) return <Tag colour="grey">Deactivated</Tag>;
  if (user.invited) return <Tag colour="blue">Invited</Tag>;
  if (user.signInThrottledUntil) {
    const until = formatTime(user.signInThrottledUntil);
    return <Tag colour="orange">Sign-in paused until {until}</Tag>;
  }
  return <Tag colour="green">Active</Tag>;
}
