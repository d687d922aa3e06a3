import {
  invitationBody,
  type ManagedUser,
  type OneTimeLink,
  type UserChange,
} from "@bernard/portal-contract";
import {
  Button,
  ErrorSummary,
  NotificationBanner,
  Radios,
  Table,
  Tag,
  TextInput,
  errorMessage,
  formatTime,
  useMutation,
  useQuery,
  useQueryClient,
  useSchemaForm,
} from "@bernard/ui";
import { useState } from "react";
import { actions, queries } from "./api.js";
import { GroupsSection } from "./groups-section.js";
import { FORM_OPTIONS, PortalPage, useSession } from "./portal-page.js";
import { Link } from "@tanstack/react-router";

/** Admins see everyone who can sign in, invite new people, and change or deactivate accounts. */
export function UsersPage() {
  const session = useSession();
  const queryClient = useQueryClient();
  const users = useQuery(queries.users);
  const [invitation, setInvitation] = useState<OneTimeLink & { reset?: boolean }>();
  const [notice, setNotice] = useState<string>();
  const form = useSchemaForm(invitationBody, {
    ...FORM_OPTIONS,
    defaultValues: { name: "", email: "", role: "user" },
  });

  const invite = form.handleSubmit(async (input) => {
    try {
      setInvitation(await actions.inviteUser(input));
      form.reset();
      await queryClient.invalidateQueries({ queryKey: queries.users.queryKey });
    } catch (error) {
      setInvitation(undefined);
      form.showApiError(error, "email");
    }
  });

  const reset = useMutation({
    mutationFn: (user: ManagedUser) => actions.resetPassword(user.id),
    onSuccess: async (link) => {
      setInvitation({ ...link, reset: true });
      setNotice(undefined);
      await queryClient.invalidateQueries({ queryKey: queries.users.queryKey });
    },
    onError: (error) => setNotice(errorMessage(error)),
  });
  const unlock = useMutation({
    mutationFn: (user: ManagedUser) => actions.unlockSignIn(user.id),
    onSuccess: async (_answer, user) => {
      setNotice(`${user.name} can sign in again.`);
      await queryClient.invalidateQueries({ queryKey: queries.users.queryKey });
    },
    onError: (error) => setNotice(errorMessage(error)),
  });
  const change = useMutation({
    mutationFn: ({ user, update }: { user: ManagedUser; update: UserChange }) =>
      actions.changeUser(user.id, update),
    onSuccess: async (changed) => {
      setNotice(`${changed.name} is now ${describe(changed)}.`);
      await queryClient.invalidateQueries({ queryKey: queries.users.queryKey });
    },
    onError: (error) => setNotice(errorMessage(error)),
  });

  return (
    <PortalPage title="Users">
      <ErrorSummary errors={form.summary} />
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
      {users.isError && <p className="govuk-body">{errorMessage(users.error)}</p>}
      {users.data && (
        <Table
          caption="Everyone who can sign in"
          rowKey={(user) => user.id}
          rows={users.data}
          columns={[
            { header: "Name", cell: (user) => user.name },
            { header: "Email address", cell: (user) => user.email },
            { header: "Role", cell: (user) => (user.role === "admin" ? "Administrator" : "User") },
            {
              header: "Groups",
              cell: (user) => (
                <Link className="govuk-link" to="/admin/users/$id/groups" params={{ id: user.id }}>
                  {user.groups.length > 0 ? user.groups.join(", ") : "None"}
                  <span className="govuk-visually-hidden"> (change groups for {user.name})</span>
                </Link>
              ),
            },
            { header: "Status", cell: (user) => <StatusTag user={user} /> },
            {
              header: "Actions",
              cell: (user) => (
                <div className="govuk-button-group">
                  {user.signInThrottledUntil && (
                    <Button variant="secondary" onClick={() => unlock.mutate(user)}>
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
                        onClick={() => change.mutate({ user, update: { active: !user.active } })}
                      >
                        {user.active ? "Deactivate" : "Reactivate"}
                        <span className="govuk-visually-hidden"> {user.name}</span>
                      </Button>
                      <Button
                        variant="secondary"
                        onClick={() =>
                          change.mutate({
                            user,
                            update: { role: user.role === "admin" ? "user" : "admin" },
                          })
                        }
                      >
                        {user.role === "admin" ? "Make user" : "Make administrator"}
                        <span className="govuk-visually-hidden"> {user.name}</span>
                      </Button>
                      <Button variant="secondary" onClick={() => reset.mutate(user)}>
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
      <GroupsSection />
      <h2 className="govuk-heading-m">Invite someone</h2>
      <form noValidate onSubmit={(event) => void invite(event)}>
        <TextInput
          id="name"
          label="Full name"
          autoComplete="off"
          {...form.register("name")}
          error={form.errorFor("name")}
        />
        <TextInput
          id="email"
          label="Email address"
          type="email"
          spellCheck={false}
          autoComplete="off"
          {...form.register("email")}
          error={form.errorFor("email")}
        />
        <Radios
          name="role"
          legend="Role"
          value={[form.watch("role") ?? "user"]}
          onChange={([chosen]) => form.setValue("role", chosen === "admin" ? "admin" : "user")}
          error={form.errorFor("role")}
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
