import { actionListQuery } from "@bernard/minutes-contract";
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
import { ActionsPage } from "./actions-page.js";
import { BASE } from "./api.js";
import { MeetingPage } from "./meeting-page.js";
import { MeetingsPage, NewMeetingPage } from "./meetings-page.js";
import { MinutesPage } from "./minutes-page.js";
import { SettingsPage } from "./settings-page.js";

const NOT_FOUND_HOME = { href: BASE, text: "See all meetings" };
const UUID = /^[0-9a-f-]{36}$/;

/** Every page sits in the portal's header; a page about a made-up ID is "Page not found". */
function Layout() {
  const path = useLocation({ select: (location) => location.pathname });
  return (
    <ToolPage
      toolName="Minute summariser"
      basePath={BASE}
      navigation={[
        { href: BASE, text: "Meetings", current: path === "/" },
        { href: `${BASE}actions`, text: "Actions", current: path === "/actions" },
        { href: `${BASE}settings`, text: "Settings", current: path === "/settings" },
      ]}
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

const onlyUuid = ({ params }: { params: { id: string } }) => {
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- the router's own "not found" signal
  if (!UUID.test(params.id)) throw notFound();
};

const meetings = createRoute({ getParentRoute: () => root, path: "/", component: MeetingsPage });
const newMeeting = createRoute({
  getParentRoute: () => root,
  path: "/new",
  component: NewMeetingPage,
});
const meeting = createRoute({
  getParentRoute: () => root,
  path: "/m/$id",
  beforeLoad: onlyUuid,
  component: function Meeting() {
    return <MeetingPage id={meeting.useParams().id} />;
  },
});
const minutes = createRoute({
  getParentRoute: () => root,
  path: "/m/$id/minutes",
  beforeLoad: onlyUuid,
  component: function Minutes() {
    return <MinutesPage id={minutes.useParams().id} />;
  },
});
const actions = createRoute({
  getParentRoute: () => root,
  path: "/actions",
  validateSearch: (search: Record<string, unknown>) =>
    actionListQuery.catch({ scope: "mine", filter: "all" }).parse(search),
  component: function Actions() {
    return <ActionsPage query={actions.useSearch()} />;
  },
});
const settings = createRoute({
  getParentRoute: () => root,
  path: "/settings",
  component: SettingsPage,
});

export const router = createRouter({
  routeTree: root.addChildren([meetings, newMeeting, meeting, minutes, actions, settings]),
  basepath: BASE,
  defaultErrorComponent: ({ error }) =>
    isNotFound(error) ? <PageNotFound home={NOT_FOUND_HOME} /> : <ErrorComponent error={error} />,
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
