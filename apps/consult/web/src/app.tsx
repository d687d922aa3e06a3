import { DataProvider, PageNotFound, ToolPage, isNotFound } from "@bernard/ui";
import {
  ErrorComponent,
  Outlet,
  RouterProvider,
  createRootRoute,
  createRoute,
  createRouter,
  notFound,
  useLocation,
} from "@tanstack/react-router";
import { BASE } from "./api.js";
import {
  CONFIRMED,
  DeletePage,
  MergePage,
  ReanalysePage,
  SignOffPage,
  type Confirmed,
} from "./confirm-pages.js";
import { ConsultationPage } from "./consultation-page.js";
import { ConsultationsPage, NewConsultationPage } from "./consultations-page.js";
import { DashboardPage } from "./dashboard-page.js";
import { ImportPage } from "./import-page.js";
import { ResponsePage } from "./response-page.js";
import { ResponsesPage } from "./responses-page.js";
import { ThemesPage } from "./themes-page.js";

const NOT_FOUND_HOME = { href: BASE, text: "See all consultations" };
const UUID = /^[0-9a-f-]{36}$/;

/** Every page sits in the portal's header; a page about a made-up ID is "Page not found". */
function Layout() {
  const path = useLocation({ select: (location) => location.pathname });
  return (
    <ToolPage
      toolName="Consultation sorter"
      basePath={BASE}
      navigation={[{ href: BASE, text: "Consultations", current: path === "/" }]}
      notFoundHome={NOT_FOUND_HOME}
    >
      <Outlet />
    </ToolPage>
  );
}

const root = createRootRoute({
  component: Layout,
  notFoundComponent: () => <PageNotFound home={NOT_FOUND_HOME} />,
});

/** A page about one thing (`/c/$id`…): only a UUID can name one. */
const onlyUuid = ({ params }: { params: { id: string } }) => {
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- the router's own "not found" signal
  if (!UUID.test(params.id)) throw notFound();
};

const consultations = createRoute({
  getParentRoute: () => root,
  path: "/",
  component: ConsultationsPage,
});
const newConsultation = createRoute({
  getParentRoute: () => root,
  path: "/new",
  component: NewConsultationPage,
});
const consultation = createRoute({
  getParentRoute: () => root,
  path: "/c/$id",
  beforeLoad: onlyUuid,
  component: function Consultation() {
    return <ConsultationPage id={consultation.useParams().id} />;
  },
});
const importing = createRoute({
  getParentRoute: () => root,
  path: "/c/$id/import",
  beforeLoad: onlyUuid,
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
const themes = createRoute({
  getParentRoute: () => root,
  path: "/q/$id",
  beforeLoad: onlyUuid,
  // Which confirmed change brought the person here, to say it was done.
  validateSearch: (search: Record<string, unknown>): { done?: Confirmed } =>
    typeof search.done === "string" && search.done in CONFIRMED
      ? { done: search.done as Confirmed }
      : {},
  component: function Themes() {
    return <ThemesPage questionId={themes.useParams().id} confirmed={themes.useSearch().done} />;
  },
});
const signOff = createRoute({
  getParentRoute: () => root,
  path: "/q/$id/sign-off",
  beforeLoad: onlyUuid,
  component: function SignOff() {
    return <SignOffPage questionId={signOff.useParams().id} />;
  },
});
const reanalyse = createRoute({
  getParentRoute: () => root,
  path: "/q/$id/analyse",
  beforeLoad: onlyUuid,
  validateSearch: (search: Record<string, unknown>): { engine: "offline" | "model" } => ({
    engine: search.engine === "model" ? "model" : "offline",
  }),
  component: function Reanalyse() {
    return (
      <ReanalysePage questionId={reanalyse.useParams().id} engine={reanalyse.useSearch().engine} />
    );
  },
});
/** A theme's page under its question: `/q/<question>/t/<theme>/…`. */
const onlyUuids = ({ params }: { params: { id: string; themeId: string } }) => {
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- the router's own "not found" signal
  if (!UUID.test(params.id) || !UUID.test(params.themeId)) throw notFound();
};
const merge = createRoute({
  getParentRoute: () => root,
  path: "/q/$id/t/$themeId/merge",
  beforeLoad: onlyUuids,
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
  path: "/q/$id/t/$themeId/delete",
  beforeLoad: onlyUuids,
  component: function Delete() {
    const { id, themeId } = deletion.useParams();
    return <DeletePage questionId={id} themeId={themeId} />;
  },
});
const responses = createRoute({
  getParentRoute: () => root,
  path: "/q/$id/responses",
  beforeLoad: onlyUuid,
  component: function Responses() {
    return <ResponsesPage questionId={responses.useParams().id} />;
  },
});
const dashboard = createRoute({
  getParentRoute: () => root,
  path: "/q/$id/dashboard",
  beforeLoad: onlyUuid,
  component: function Dashboard() {
    return <DashboardPage questionId={dashboard.useParams().id} />;
  },
});
const response = createRoute({
  getParentRoute: () => root,
  path: "/r/$id",
  beforeLoad: onlyUuid,
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

export const router = createRouter({
  routeTree: root.addChildren([
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
  basepath: BASE,
  // A page whose data the API says does not exist (or is not theirs to see) is "Page not found".
  defaultErrorComponent: ({ error }) =>
    isNotFound(error) ? <PageNotFound home={NOT_FOUND_HOME} /> : <ErrorComponent error={error} />,
  parseSearch,
  stringifySearch,
});

declare module "@tanstack/react-router" {
  interface Register {
    router: typeof router;
  }
}

export function App() {
  return (
    <DataProvider>
      <RouterProvider router={router} />
    </DataProvider>
  );
}
