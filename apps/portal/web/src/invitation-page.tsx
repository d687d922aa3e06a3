import { Button, ErrorSummary, Page, TextInput, errorMessage, usePageTitle } from "@bernard/ui";
import { useEffect, useState, type FormEvent } from "react";
import { acceptInvitation, describeInvitation } from "./api.js";

type State =
  | { step: "loading" }
  | { step: "invalid"; message: string }
  | { step: "choose"; email: string; name: string }
  | { step: "done" };

/** A new person opens their invitation link and chooses a password. */
export function InvitationPage({ token }: { token: string }) {
  const [state, setState] = useState<State>({ step: "loading" });
  const [password, setPassword] = useState("");
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    describeInvitation(token).then(
      (invitation) => setState({ step: "choose", ...invitation }),
      (error: unknown) =>
        setState({
          step: "invalid",
          message: errorMessage(error),
        }),
    );
  }, [token]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      await acceptInvitation(token, password);
      setState({ step: "done" });
    } catch (error) {
      setProblem(errorMessage(error));
    }
  };

  usePageTitle(
    {
      loading: "Your invitation",
      invalid: "This invitation cannot be used",
      choose: "Choose a password",
      done: "Your password is set",
    }[state.step],
  );
  return (
    <Page>
      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          {state.step === "loading" && <p className="govuk-body">Loading…</p>}
          {state.step === "invalid" && (
            <>
              <h1 className="govuk-heading-l">This invitation cannot be used</h1>
              <p className="govuk-body">{state.message}</p>
            </>
          )}
          {state.step === "choose" && (
            <>
              <ErrorSummary errors={problem ? [{ href: "#password", text: problem }] : []} />
              <h1 className="govuk-heading-l">Welcome to Bernard, {state.name}</h1>
              <p className="govuk-body">You will sign in as {state.email}.</p>
              <form noValidate onSubmit={(event) => void submit(event)}>
                <TextInput
                  id="password"
                  label="Choose a password"
                  hint="Use at least 12 characters. Three random words together work well."
                  type="password"
                  autoComplete="new-password"
                  value={password}
                  onChange={(event) => setPassword(event.target.value)}
                  error={problem}
                />
                <Button type="submit">Set password</Button>
              </form>
            </>
          )}
          {state.step === "done" && (
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
