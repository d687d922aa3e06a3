import {
  Button,
  ErrorSummary,
  NotificationBanner,
  Page,
  TextInput,
  fieldProblems,
  usePageTitle,
} from "@bernard/ui";
import { useEffect, useState, type FormEvent } from "react";
import { fetchSignInMethods, signIn } from "./api.js";

interface Problem {
  field: "email" | "password";
  message: string;
}

/** What the sign-in page says when single sign-on sent someone back (`?problem=`). */
const SINGLE_SIGN_ON_PROBLEMS: Record<string, string> = {
  "sso-expired": "Signing in took too long, or was started in another window. Try again.",
  "sso-failed": "Single sign-on did not work. Try again, or ask your Bernard administrator.",
  "sso-deactivated": "Your Bernard account has been deactivated. Ask your Bernard administrator.",
  "sso-unavailable": "The single sign-on service could not be reached. Try again in a few minutes.",
  "sso-off": "Single sign-on is not set up for Bernard. Sign in with your email and password.",
};

export function SignInPage({ next, onSignedIn }: { next: string; onSignedIn: () => void }) {
  const [singleSignOn, setSingleSignOn] = useState<{ label: string } | null>(null);
  useEffect(() => {
    fetchSignInMethods().then(
      (methods) => setSingleSignOn(methods.singleSignOn),
      () => setSingleSignOn(null),
    );
  }, []);
  const returned =
    SINGLE_SIGN_ON_PROBLEMS[new URLSearchParams(window.location.search).get("problem") ?? ""];
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [problems, setProblems] = useState<Problem[]>([]);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    try {
      await signIn(email, password);
      onSignedIn();
    } catch (error) {
      setPassword("");
      setProblems(fieldProblems(error, ["email", "password"] as const, "email"));
    } finally {
      setBusy(false);
    }
  };

  const errorFor = (field: Problem["field"]) =>
    problems.find((problem) => problem.field === field)?.message;
  usePageTitle("Sign in");
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <ErrorSummary
            errors={problems.map((problem) => ({
              href: `#${problem.field}`,
              text: problem.message,
            }))}
          />
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
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              error={errorFor("email")}
            />
            <TextInput
              id="password"
              label="Password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              error={errorFor("password")}
            />
            <Button type="submit" variant={singleSignOn ? "secondary" : "primary"} disabled={busy}>
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
