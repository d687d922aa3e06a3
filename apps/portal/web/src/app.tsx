import { Page } from "@bernard/ui";
import { useCallback, useEffect, useState } from "react";
import { fetchSession, signOut, type Session } from "./api.js";
import { HomePage } from "./home-page.js";
import { SignInPage } from "./sign-in-page.js";

type View =
  | { name: "loading" }
  | { name: "sign-in" }
  | { name: "signed-out" }
  | { name: "home"; session: Session }
  | { name: "unavailable" };

/** Decides what to show from the session: the sign-in page for visitors, the portal for people signed in. */
export function App() {
  const [view, setView] = useState<View>({ name: "loading" });

  const load = useCallback(() => {
    fetchSession().then(
      (session) => {
        if (session) {
          if (window.location.pathname === "/sign-in") window.history.replaceState(null, "", "/");
          setView({ name: "home", session });
        } else {
          window.history.replaceState(null, "", "/sign-in");
          setView({ name: "sign-in" });
        }
      },
      () => setView({ name: "unavailable" }),
    );
  }, []);
  useEffect(load, [load]);

  switch (view.name) {
    case "loading":
      return (
        <Page>
          <p className="govuk-body">Loading…</p>
        </Page>
      );
    case "unavailable":
      return (
        <Page>
          <h1 className="govuk-heading-l">Sorry, Bernard is unavailable</h1>
          <p className="govuk-body">Try again in a few minutes.</p>
        </Page>
      );
    case "sign-in":
      return <SignInPage onSignedIn={load} />;
    case "signed-out":
      return (
        <Page>
          <h1 className="govuk-heading-l">You have signed out</h1>
          <p className="govuk-body">
            <a className="govuk-link" href="/sign-in">
              Sign in again
            </a>
          </p>
        </Page>
      );
    case "home": {
      const { session } = view;
      const onSignOut = () => {
        void signOut(session.csrfToken).finally(() => {
          window.history.replaceState(null, "", "/signed-out");
          setView({ name: "signed-out" });
        });
      };
      return <HomePage user={{ name: session.user.name, onSignOut }} />;
    }
  }
}
