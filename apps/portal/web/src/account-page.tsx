import {
  Button,
  ErrorSummary,
  NotificationBanner,
  TextInput,
  ApiError,
  type PortalSession,
  fieldProblems,
} from "@bernard/ui";
import { useState, type FormEvent } from "react";
import { changePassword } from "./api.js";
import { PortalPage } from "./portal-page.js";

type Field = "currentPassword" | "newPassword";

/** A signed-in person changes their password. */
export function AccountPage({ session }: { session: PortalSession }) {
  const [currentPassword, setCurrentPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const [problems, setProblems] = useState<{ field: Field; message: string }[]>([]);
  const [done, setDone] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await changePassword(session.csrfToken, currentPassword, newPassword);
      setProblems([]);
      setDone(true);
    } catch (error) {
      setDone(false);
      setProblems(fieldProblems(error, ["currentPassword", "newPassword"] as const, "newPassword"));
      // Unreachable: keep what was typed, to send again.
      if (!(error instanceof ApiError)) return;
    }
    setCurrentPassword("");
    setNewPassword("");
  };

  const errorFor = (field: Field) => problems.find((problem) => problem.field === field)?.message;
  return (
    <PortalPage session={session} title="Change your password">
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary
            errors={problems.map((problem) => ({
              href: `#${problem.field}`,
              text: problem.message,
            }))}
          />
          {done && (
            <NotificationBanner type="success">
              <p className="govuk-notification-banner__heading">
                Your password has been changed. You have been signed out everywhere else.
              </p>
            </NotificationBanner>
          )}
          <h1 className="govuk-heading-l">Change your password</h1>
          <p className="govuk-body">You are signed in as {session.user.email}.</p>
          <form noValidate onSubmit={(event) => void submit(event)}>
            <TextInput
              id="currentPassword"
              label="Current password"
              type="password"
              autoComplete="current-password"
              value={currentPassword}
              onChange={(event) => setCurrentPassword(event.target.value)}
              error={errorFor("currentPassword")}
            />
            <TextInput
              id="newPassword"
              label="New password"
              hint="Use at least 12 characters. Three random words together work well."
              type="password"
              autoComplete="new-password"
              value={newPassword}
              onChange={(event) => setNewPassword(event.target.value)}
              error={errorFor("newPassword")}
            />
            <Button type="submit">Change password</Button>
          </form>
        </div>
      </div>
    </PortalPage>
  );
}
