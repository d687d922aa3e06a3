import { PAGES } from "@bernard/consult-contract";
import { createToolRoutes, doneSearch, onlyUuidParams } from "@bernard/ui";
import { createRoute } from "@tanstack/react-router";
import { BASE, TOOL_NAME } from "./api.js";
import { CONFIRMED, DeletePage, MergePage, ReanalysePage, SignOffPage } from "./confirm-pages.js";
import { ConsultationPage } from "./consultation-page.js";
import { ConsultationsPage } from "./consultations-page.js";
import { NewConsultationPage } from "./new-consultation-page.js";
import { DashboardPage } from "./dashboard-page.js";
import { ImportPage } from "./import-page.js";
import { ResponsePage } from "./response-page.js";
import { ResponsesPage } from "./responses-page.js";
import { ThemesPage } from "./themes-page.js";

/** Every page sits in the portal's header; a page about a made-up ID is "Page not found". */
const { root, createRouter } = createToolRoutes({
  name: TOOL_NAME,
  basePath: BASE,
  navigation: { "": "Consultations" },
});

const consultations = createRoute({
  getParentRoute: () => root,
  path: PAGES.consultations,
  component: ConsultationsPage,
});
const newConsultation = createRoute({
  getParentRoute: () => root,
  path: PAGES.newConsultation,
  component: NewConsultationPage,
});
const consultation = createRoute({
  getParentRoute: () => root,
  path: PAGES.consultation,
  beforeLoad: onlyUuidParams,
  component: function Consultation() {
    return <ConsultationPage id={consultation.useParams().id} />;
  },
});
const importing = createRoute({
  getParentRoute: () => root,
  path: PAGES.importing,
  beforeLoad: onlyUuidParams,
  // The uploaded file being imported, so a reload finds it and its import again.
  validateSearch: (search: Record<string, unknown>): { upload?: string } =>
    typeof search.upload === "string" ? { upload: search.upload } : {},
  component: function Importing() {
    return (
      <ImportPage
        consultationId={importing.useParams().id}
        uploadId={importing.useSearch().upload}
      />
    );
  },
});
// Which confirmed change brought the person here, to say it was done.
const confirmedSearch = doneSearch(CONFIRMED);
const themes = createRoute({
  getParentRoute: () => root,
  path: PAGES.themes,
  beforeLoad: onlyUuidParams,
  validateSearch: confirmedSearch,
  component: function Themes() {
    return <ThemesPage questionId={themes.useParams().id} confirmed={themes.useSearch().done} />;
  },
});
const signOff = createRoute({
  getParentRoute: () => root,
  path: PAGES.signOff,
  beforeLoad: onlyUuidParams,
  component: function SignOff() {
    return <SignOffPage questionId={signOff.useParams().id} />;
  },
});
const reanalyse = createRoute({
  getParentRoute: () => root,
  path: PAGES.reanalyse,
  beforeLoad: onlyUuidParams,
  validateSearch: (search: Record<string, unknown>): { engine: "offline" | "model" } => ({
    engine: search.engine === "model" ? "model" : "offline",
  }),
  component: function Reanalyse() {
    return (
      <ReanalysePage questionId={reanalyse.useParams().id} engine={reanalyse.useSearch().engine} />
    );
  },
});
const merge = createRoute({
  getParentRoute: () => root,
  path: PAGES.merge,
  beforeLoad: onlyUuidParams,
  validateSearch: (search: Record<string, unknown>): { into: string } => ({
    into: typeof search.into === "string" ? search.into : "",
  }),
  component: function Merge() {
    const { id, themeId } = merge.useParams();
    return <MergePage questionId={id} themeId={themeId} intoId={merge.useSearch().into} />;
  },
});
const deletion = createRoute({
  getParentRoute: () => root,
  path: PAGES.deletion,
  beforeLoad: onlyUuidParams,
  component: function Delete() {
    const { id, themeId } = deletion.useParams();
    return <DeletePage questionId={id} themeId={themeId} />;
  },
});
const responses = createRoute({
  getParentRoute: () => root,
  path: PAGES.responses,
  beforeLoad: onlyUuidParams,
  component: function Responses() {
    return <ResponsesPage questionId={responses.useParams().id} />;
  },
});
const dashboard = createRoute({
  getParentRoute: () => root,
  path: PAGES.dashboard,
  beforeLoad: onlyUuidParams,
  component: function Dashboard() {
    return <DashboardPage questionId={dashboard.useParams().id} />;
  },
});
const response = createRoute({
  getParentRoute: () => root,
  path: PAGES.response,
  beforeLoad: onlyUuidParams,
  component: function Response() {
    return <ResponsePage responseId={response.useParams().id} />;
  },
});

/** The query string as plain text values (`theme=a&theme=b`), as the API reads it. */
function parseSearch(search: string): Record<string, string | string[]> {
  const parsed: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(search)) {
    const earlier = parsed[name];
    parsed[name] = earlier === undefined ? value : [earlier, value].flat();
  }
  return parsed;
}

function stringifySearch(search: Record<string, unknown>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(search)) {
    for (const one of [value].flat())
      if (typeof one === "string" && one !== "") query.append(name, one);
  }
  const text = query.toString();
  return text ? `?${text}` : "";
}

export const router = createRouter(
  root.addChildren([
    consultations,
    newConsultation,
    consultation,
    importing,
    themes,
    signOff,
    reanalyse,
    merge,
    deletion,
    responses,
    dashboard,
    response,
  ]),
  { parseSearch, stringifySearch },
);

declare module "@tanstack/react-router" {
  interface Register {
    router: typeof router;
  }
}
