import { PageNotFound, ToolPage } from "@bernard/ui";
import { BASE } from "./api.js";
import { ConsultationPage } from "./consultation-page.js";
import { ConsultationsPage, NewConsultationPage } from "./consultations-page.js";
import { DashboardPage } from "./dashboard-page.js";
import { ImportPage } from "./import-page.js";
import { ResponsePage } from "./response-page.js";
import { ResponsesPage } from "./responses-page.js";
import { ThemesPage } from "./themes-page.js";

const UUID = "([0-9a-f-]{36})";
const NOT_FOUND_HOME = { href: BASE, text: "See all consultations" };

/** Chooses the page from the address; every page sits in the portal's header. */
export function App() {
  const path = window.location.pathname.slice(BASE.length - 1);
  const consultation = new RegExp(`^/c/${UUID}$`).exec(path);
  const importing = new RegExp(`^/c/${UUID}/import$`).exec(path);
  const themes = new RegExp(`^/q/${UUID}$`).exec(path);
  const responses = new RegExp(`^/q/${UUID}/responses$`).exec(path);
  const dashboard = new RegExp(`^/q/${UUID}/dashboard$`).exec(path);
  const response = new RegExp(`^/r/${UUID}$`).exec(path);
  return (
    <ToolPage
      toolName="Consultation sorter"
      basePath={BASE}
      navigation={[{ href: BASE, text: "Consultations", current: path === "/" }]}
      notFoundHome={NOT_FOUND_HOME}
    >
      {(session) => {
        if (path === "/") return <ConsultationsPage />;
        if (path === "/new") return <NewConsultationPage csrfToken={session.csrfToken} />;
        if (consultation)
          return (
            <ConsultationPage
              id={consultation[1]!}
              csrfToken={session.csrfToken}
              userId={session.user.id}
            />
          );
        if (importing)
          return <ImportPage consultationId={importing[1]!} csrfToken={session.csrfToken} />;
        if (themes) return <ThemesPage questionId={themes[1]!} csrfToken={session.csrfToken} />;
        if (responses)
          return <ResponsesPage questionId={responses[1]!} csrfToken={session.csrfToken} />;
        if (dashboard) return <DashboardPage questionId={dashboard[1]!} />;
        if (response)
          return <ResponsePage responseId={response[1]!} csrfToken={session.csrfToken} />;
        return <PageNotFound home={NOT_FOUND_HOME} />;
      }}
    </ToolPage>
  );
}
