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
  /**
   * Its own pages in its navigation, by path below `basePath`: `{ "": "Meetings", actions:
   * "Actions" }`. The start page ("") is where "Page not found" sends people ("See all meetings").
   */
  navigation: Record<string, string>;
}

type Dehydrated = Record<string, unknown>;
export type ToolRouter<RouteTree extends AnyRoute> = Router<
  RouteTree,
  "never",
  false,
  RouterHistory,
  Dehydrated
>;

/**
 * A tool's typed routes. `root` puts every page in `ToolPage` (the portal's header, the tool's
 * navigation with the current page marked) and shows "Page not found" at any other address;
 * `createRouter(root.addChildren([...]))` is the tool's router below its base path, where a page
 * whose data the API says is not there (or not theirs to see) is "Page not found" too.
 */
export function createToolRoutes(tool: ToolPages) {
  const home = {
    href: tool.basePath,
    text: `See all ${(tool.navigation[""] ?? tool.name).toLowerCase()}`,
  };
  function Layout() {
    const path = useLocation({ select: (location) => location.pathname });
    return (
      <ToolPage
        toolName={tool.name}
        basePath={tool.basePath}
        navigation={Object.entries(tool.navigation).map(([page, text]) => ({
          href: `${tool.basePath}${page}`,
          text,
          current: path === `/${page}`,
        }))}
        notFoundHome={home}
      >
        <Outlet />
      </ToolPage>
    );
  }
  function PageError({ error }: ErrorComponentProps) {
    return isNotFound(error) ? <PageNotFound home={home} /> : <ErrorComponent error={error} />;
  }
  const root = createRootRoute({
    component: Layout,
    notFoundComponent: () => <PageNotFound home={home} />,
  });
  const createRouter = <RouteTree extends AnyRoute>(
    routeTree: RouteTree,
    search: { parseSearch?: SearchParser; stringifySearch?: SearchSerializer } = {},
  ): ToolRouter<RouteTree> => {
    const options = {
      routeTree,
      basepath: tool.basePath,
      defaultErrorComponent: PageError,
      ...search,
    };
    // What TanStack's createRouter() does, with a type the apps can name. The root above takes
    // no router context; the generic hides that from TypeScript.
    return new Router(
      options as RouterConstructorOptions<RouteTree, "never", false, RouterHistory, Dehydrated>,
    );
  };
  return { root, createRouter };
}

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
 * A route's `validateSearch` for a page that says what was just done (`?done=saved`): the page
 * that did it sends the person back with one of `messages`' keys, so the banner outlives the
 * navigation; any other value is ignored.
 */
export function doneSearch<Done extends string>(messages: Record<Done, string>) {
  return (search: Record<string, unknown>): { done?: Done } =>
    typeof search.done === "string" && Object.hasOwn(messages, search.done)
      ? { done: search.done as Done }
      : {};
}
