import { changePasswordBody } from "@bernard/portal-contract";
import {
  ApiError,
  Button,
  ErrorSummary,
  NotificationBanner,
  TextInput,
  useMutation,
  useSchemaForm,
} from "@bernard/ui";
import { actions } from "./api.js";
import { FORM_OPTIONS, PortalPage, useSession } from "./portal-page.js";

/** A signed-in person changes their password. */
export function AccountPage() {
  const session = useSession();
  const form = useSchemaForm(changePasswordBody, {
    ...FORM_OPTIONS,
    defaultValues: { currentPassword: "", newPassword: "" },
  });
  const change = useMutation({ mutationFn: actions.changePassword });

  const submit = form.handleSubmit(async (input) => {
    try {
      await change.mutateAsync(input);
    } catch (error) {
      form.showApiError(error, "newPassword");
      // Unreachable: keep what was typed, to send again.
      if (!(error instanceof ApiError)) return;
    }
    form.setValue("currentPassword", "");
    form.setValue("newPassword", "");
  });

  return (
    <PortalPage title="Change your password">
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={form.summary} />
          {change.isSuccess && (
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
              {...form.register("currentPassword")}
              error={form.errorFor("currentPassword")}
            />
            <TextInput
              id="newPassword"
              label="New password"
              hint="Use at least 12 characters. Three random words together work well."
              type="password"
              autoComplete="new-password"
              {...form.register("newPassword")}
              error={form.errorFor("newPassword")}
            />
            <Button type="submit">Change password</Button>
          </form>
        </div>
      </div>
    </PortalPage>
  );
}
