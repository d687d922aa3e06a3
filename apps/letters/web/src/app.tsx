import { PageNotFound, ToolPage, isNotFound } from "@bernard/ui";
import {
  ErrorComponent,
  Outlet,
  createRootRoute,
  createRoute,
  createRouter,
  notFound,
  useLocation,
  type ErrorComponentProps,
} from "@tanstack/react-router";
import type { ReactNode } from "react";
import { BASE, TOOL_NAME } from "./api.js";
import { CasePage } from "./case-page.js";
import { CasesPage } from "./cases-page.js";
import { LinesPage } from "./lines-page.js";
import { NewCasePage } from "./new-case-page.js";
import { SettingsPage } from "./settings-page.js";

const HOME = { href: BASE, text: "See all cases" };

/**
 * Typed routes (TanStack Router). Every page sits in ToolPage: the portal's header, the user and
 * sign out. Each page's path is declared in the server's pages too (api/src/server.ts).
 */
function Layout() {
  const path = useLocation({ select: (location) => location.pathname });
  const item = (href: string, text: string) => ({
    href: `${BASE}${href}`,
    text,
    current: path === `/${href}`,
  });
  return (
    <ToolPage
      toolName={TOOL_NAME}
      basePath={BASE}
      navigation={[
        item("", "Cases"),
        item("new", "Log a letter"),
        item("lines", "Lines to take"),
        item("settings", "Settings"),
      ]}
      notFoundHome={HOME}
    >
      <Outlet />
    </ToolPage>
  );
}

const root = createRootRoute({
  component: Layout,
  notFoundComponent: () => <PageNotFound home={HOME} />,
});

/** A page of the tool at `path` (TanStack Router keeps the path's type for typed links). */
const page = <Path extends string>(path: Path, component: () => ReactNode) =>
  createRoute({ getParentRoute: () => root, path, component });

const oneCase = createRoute({
  getParentRoute: () => root,
  path: "/c/$id",
  // Only a UUID names a case; anything else is "Page not found" without asking the API.
  beforeLoad: ({ params }) => {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- the router's own "not found" signal
    if (!/^[0-9a-f-]{36}$/.test(params.id)) throw notFound();
  },
  component: function Case() {
    return <CasePage id={oneCase.useParams().id} />;
  },
});

/** A page whose data the API says is not there (or not theirs to see) is "Page not found". */
function PageError({ error }: ErrorComponentProps) {
  return isNotFound(error) ? <PageNotFound home={HOME} /> : <ErrorComponent error={error} />;
}

export const router = createRouter({
  routeTree: root.addChildren([
    page("/", CasesPage),
    page("/new", NewCasePage),
    page("/lines", LinesPage),
    page("/settings", SettingsPage),
    oneCase,
  ]),
  basepath: BASE,
  defaultErrorComponent: PageError,
});

declare module "@tanstack/react-router" {
  interface Register {
    router: typeof router;
  }
}
