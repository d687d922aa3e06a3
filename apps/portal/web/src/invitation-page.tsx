import { acceptInvitationBody } from "@bernard/portal-contract";
import {
  Button,
  ErrorSummary,
  Page,
  TextInput,
  errorMessage,
  useMutation,
  usePageTitle,
  useQuery,
  useSchemaForm,
} from "@bernard/ui";
import { actions, queries } from "./api.js";
import { FORM_OPTIONS } from "./portal-page.js";

/** A new person opens their invitation link and chooses a password. */
export function InvitationPage({ token }: { token: string }) {
  const invitation = useQuery({ ...queries.invitation(token), throwOnError: false });
  const accept = useMutation({
    mutationFn: (input: { password: string }) => actions.acceptInvitation(token, input),
  });
  const form = useSchemaForm(acceptInvitationBody, {
    ...FORM_OPTIONS,
    defaultValues: { password: "" },
  });
  const submit = form.submitTo(async (input) => {
    await accept.mutateAsync(input);
  }, "password");

  const step = accept.isSuccess
    ? "done"
    : invitation.isError
      ? "invalid"
      : invitation.data
        ? "choose"
        : "loading";
  usePageTitle(
    {
      loading: "Your invitation",
      invalid: "This invitation cannot be used",
      choose: "Choose a password",
      done: "Your password is set",
    }[step],
  );
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {step === "loading" && <p className="govuk-body">Loading…</p>}
          {step === "invalid" && (
            <>
              <h1 className="govuk-heading-l">This invitation cannot be used</h1>
              <p className="govuk-body">{errorMessage(invitation.error)}</p>
            </>
          )}
          {step === "choose" && invitation.data && (
            <>
              <ErrorSummary errors={form.summary} />
              <h1 className="govuk-heading-l">Welcome to Bernard, {invitation.data.name}</h1>
              <p className="govuk-body">You will sign in as {invitation.data.email}.</p>
              <form noValidate onSubmit={(event) => void submit(event)}>
                <TextInput
                  id="password"
                  label="Choose a password"
                  hint="Use at least 12 characters. Three random words together work well."
                  type="password"
                  autoComplete="new-password"
                  {...form.register("password")}
                  error={form.errorFor("password")}
                />
                <Button type="submit">Set password</Button>
              </form>
            </>
          )}
          {step === "done" && (
            <>
              <h1 className="govuk-heading-l">Your password is set</h1>
              <p className="govuk-body">
                <a className="govuk-link" href="/sign-in">
                  Sign in
                </a>
              </p>
            </>
          )}
        </div>
      </div>
    </Page>
  );
}
