import { PAGES } from "@bernard/letters-contract";
import { createToolRoutes, doneSearch, onlyUuidParams } from "@bernard/ui";
import { createRoute, notFound } from "@tanstack/react-router";
import type { ReactNode } from "react";
import { BASE, TOOL_NAME } from "./api.js";
import { CASE_SAVED, CasePage } from "./case-page.js";
import { CasesPage } from "./cases-page.js";
import { EditCasePage } from "./edit-case-page.js";
import { LinesPage } from "./lines-page.js";
import { NewCasePage } from "./new-case-page.js";
import { SettingsPage } from "./settings-page.js";
import { VersionPage } from "./version-page.js";

/**
 * Typed routes (TanStack Router). Every page sits in ToolPage: the portal's header, the user and
 * sign out. Each page's path is the contract's (PAGES), so the API answers the same pages.
 */
const { root, createRouter } = createToolRoutes({
  name: TOOL_NAME,
  basePath: BASE,
  navigation: {
    "": "Cases",
    new: "Log a letter",
    lines: "Lines to take",
    settings: "Settings",
  },
});

/** A page of the tool at `path` (TanStack Router keeps the path's type for typed links). */
const page = <Path extends string>(path: Path, component: () => ReactNode) =>
  createRoute({ getParentRoute: () => root, path, component });

// Which saved change brought the person here, to say it was done.
const savedSearch = doneSearch(CASE_SAVED);
const oneCase = createRoute({
  getParentRoute: () => root,
  path: PAGES.oneCase,
  beforeLoad: onlyUuidParams,
  validateSearch: savedSearch,
  component: function Case() {
    return <CasePage id={oneCase.useParams().id} saved={oneCase.useSearch().done} />;
  },
});

const editCase = createRoute({
  getParentRoute: () => root,
  path: PAGES.editCase,
  beforeLoad: onlyUuidParams,
  component: function EditCase() {
    return <EditCasePage id={editCase.useParams().id} />;
  },
});

const oneVersion = createRoute({
  getParentRoute: () => root,
  path: PAGES.oneVersion,
  beforeLoad: ({ params: { id, number } }) => {
    onlyUuidParams({ params: { id } });
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- the router's own "not found" signal
    if (!/^[1-9]\d{0,8}$/.test(number)) throw notFound();
  },
  component: function OneVersion() {
    const { id, number } = oneVersion.useParams();
    return <VersionPage id={id} number={Number(number)} />;
  },
});

export const router = createRouter(
  root.addChildren([
    page(PAGES.cases, CasesPage),
    page(PAGES.newCase, NewCasePage),
    page(PAGES.lines, LinesPage),
    page(PAGES.settings, SettingsPage),
    oneCase,
    editCase,
    oneVersion,
  ]),
);

declare module "@tanstack/react-router" {
  interface Register {
    router: typeof router;
  }
}
