import { signInBody } from "@bernard/portal-contract";
import {
  Button,
  ErrorSummary,
  NotificationBanner,
  Page,
  TextInput,
  useQuery,
  useQueryClient,
  usePageTitle,
  useSchemaForm,
} from "@bernard/ui";
import { actions, queries } from "./api.js";
import { FORM_OPTIONS } from "./portal-page.js";

/** What the sign-in page says when single sign-on sent someone back (`?problem=`). */
const SINGLE_SIGN_ON_PROBLEMS: Record<string, string> = {
  "sso-expired": "Signing in took too long, or was started in another window. Try again.",
  "sso-failed": "Single sign-on did not work. Try again, or ask your Bernard administrator.",
  "sso-deactivated": "Your Bernard account has been deactivated. Ask your Bernard administrator.",
  "sso-unavailable": "The single sign-on service could not be reached. Try again in a few minutes.",
  "sso-off": "Single sign-on is not set up for Bernard. Sign in with your email and password.",
};

/** `next` is the page to go on to afterwards (already checked to be one of Bernard's). */
export function SignInPage({ next, problem }: { next: string; problem: string | undefined }) {
  const queryClient = useQueryClient();
  const singleSignOn = useQuery(queries.signInMethods).data?.singleSignOn ?? null;
  const returned = SINGLE_SIGN_ON_PROBLEMS[problem ?? ""];
  // Checked again when submitted, not while someone corrects a field.
  const form = useSchemaForm(signInBody, {
    ...FORM_OPTIONS,
    defaultValues: { email: "", password: "" },
    reValidateMode: "onSubmit",
  });

  const submit = form.handleSubmit(async (input) => {
    try {
      await actions.signIn(input);
    } catch (error) {
      form.setValue("password", "");
      form.showApiError(error, "email");
      return;
    }
    // The session, with the CSRF token every change carries from now on; with it, the sign-in
    // page goes on to `next` (app.tsx).
    await queryClient.fetchQuery({ ...queries.session, staleTime: 0 });
  });

  usePageTitle("Sign in");
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary errors={form.summary} />
          {returned && (
            <NotificationBanner>
              <p className="govuk-notification-banner__heading">{returned}</p>
            </NotificationBanner>
          )}
          <h1 className="govuk-heading-l">Sign in to Bernard</h1>
          {singleSignOn && (
            <>
              <Button href={`/api/oidc/start?next=${encodeURIComponent(next)}`}>
                Sign in with {singleSignOn.label}
              </Button>
              <h2 className="govuk-heading-m">Or sign in with your email address and password</h2>
            </>
          )}
          <form noValidate onSubmit={(event) => void submit(event)}>
            <TextInput
              id="email"
              label="Email address"
              type="email"
              autoComplete="email"
              spellCheck={false}
              {...form.register("email")}
              error={form.errorFor("email")}
            />
            <TextInput
              id="password"
              label="Password"
              type="password"
              autoComplete="current-password"
              {...form.register("password")}
              error={form.errorFor("password")}
            />
            <Button
              type="submit"
              variant={singleSignOn ? "secondary" : "primary"}
              disabled={form.formState.isSubmitting}
            >
              Sign in
            </Button>
          </form>
          <p className="govuk-body">
            If you do not have an account, or cannot sign in, ask your Bernard administrator.
          </p>
        </div>
      </div>
    </Page>
  );
}
