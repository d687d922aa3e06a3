import { Button, ErrorSummary, Page, TextInput, fieldProblems } from "@bernard/ui";
import { useState, type FormEvent } from "react";
import { signIn } from "./api.js";

interface Problem {
  field: "email" | "password";
  message: string;
}

export function SignInPage({ onSignedIn }: { onSignedIn: () => void }) {
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
          <h1 className="govuk-heading-l">Sign in to Bernard</h1>
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
            <Button type="submit" disabled={busy}>
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
