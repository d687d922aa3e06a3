import {
  ErrorComponent,
  Outlet,
  Router,
  createRootRoute,
  notFound,
  useLocation,
  type AnyRoute,
  type ErrorComponentProps,
  type RouterConstructorOptions,
  type RouterHistory,
  type SearchParser,
  type SearchSerializer,
} from "@tanstack/react-router";
import { PageNotFound } from "../components/content.js";
import { isNotFound } from "../components/not-found.js";
import { ToolPage } from "../components/tool-page.js";

/** What every page of a tool shows around itself. */
export interface ToolPages {
  /** The tool's name, as in its header ("Consultation sorter"). */
  name: string;
  /** Where its pages are (`/tools/consult/`). */
  basePath: string;
  /** Its own pages in its navigation: each page's path below `basePath` ("" for the start page). */
  navigation: { path: string; text: string }[];
  /** Where "Page not found" sends people ("See all consultations"). */
  notFoundHome: { href: string; text: string };
}

/**
 * The root of a tool's typed routes: every page in `ToolPage` (the portal's header, the tool's
 * navigation with the current page marked), and any other address "Page not found".
 */
export function createToolRootRoute(tool: ToolPages) {
  function Layout() {
    const path = useLocation({ select: (location) => location.pathname });
    return (
      <ToolPage
        toolName={tool.name}
        basePath={tool.basePath}
        navigation={tool.navigation.map((page) => ({
          href: `${tool.basePath}${page.path}`,
          text: page.text,
          current: path === `/${page.path}`,
        }))}
        notFoundHome={tool.notFoundHome}
      >
        <Outlet />
      </ToolPage>
    );
  }
  return createRootRoute({
    component: Layout,
    notFoundComponent: () => <PageNotFound home={tool.notFoundHome} />,
  });
}

type Dehydrated = Record<string, unknown>;
type ToolRouterOptions<RouteTree extends AnyRoute> = RouterConstructorOptions<
  RouteTree,
  "never",
  false,
  RouterHistory,
  Dehydrated
>;

const UUID = /^[0-9a-f-]{36}$/;

/**
 * A route's `beforeLoad` for a page about one thing (`/c/$id`): only UUIDs name things, so any
 * other value of a parameter is "Page not found" without asking the API.
 */
// Generic so that the route keeps its own parameters' type (`{ id: string }`).
export function onlyUuidParams<Params extends Record<string, string>>({
  params,
}: {
  params: Params;
}): void {
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- the router's own "not found" signal
  if (!Object.values(params).every((value) => UUID.test(value))) throw notFound();
}

/**
 * A tool's router over its routes (`createToolRootRoute(tool).addChildren([...])`): below the
 * tool's base path, and a page whose data the API says is not there (or not theirs to see) is
 * "Page not found".
 */
export function createToolRouter<RouteTree extends AnyRoute>(
  tool: ToolPages,
  routeTree: RouteTree,
  search: { parseSearch?: SearchParser; stringifySearch?: SearchSerializer } = {},
): Router<RouteTree, "never", false, RouterHistory, Dehydrated> {
  function PageError({ error }: ErrorComponentProps) {
    return isNotFound(error) ? (
      <PageNotFound home={tool.notFoundHome} />
    ) : (
      <ErrorComponent error={error} />
    );
  }
  const options = {
    routeTree,
    basepath: tool.basePath,
    defaultErrorComponent: PageError,
    ...search,
  };
  // What createRouter() does, with a type the apps can name. A tool's root
  // (`createToolRootRoute`) takes no router context; the generic hides that from TypeScript.
  return new Router(options as ToolRouterOptions<RouteTree>);
}
