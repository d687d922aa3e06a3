import { PAGES, actionListQuery } from "@bernard/minutes-contract";
import { createToolRoutes, doneSearch, onlyUuidParams } from "@bernard/ui";
import { createRoute } from "@tanstack/react-router";
import { ActionsPage } from "./actions-page.js";
import { BASE, TOOL_NAME } from "./api.js";
import { MeetingPage, MEETING_SAVED } from "./meeting-page.js";
import { MeetingDetailsPage, NewMeetingPage } from "./meeting-details-pages.js";
import { MeetingsPage } from "./meetings-page.js";
import { MinutesPage } from "./minutes-page.js";
import { SettingsPage } from "./settings-page.js";
import { NewTemplatePage, TemplatePage, TemplatesPage } from "./templates-page.js";

/** Every page sits in the portal's header; a page about a made-up ID is "Page not found". */
const { root, createRouter } = createToolRoutes({
  name: TOOL_NAME,
  basePath: BASE,
  navigation: {
    "": "Meetings",
    actions: "Actions",
    templates: "Templates",
    settings: "Settings",
  },
});

const meetings = createRoute({
  getParentRoute: () => root,
  path: PAGES.meetings,
  component: MeetingsPage,
});
const newMeeting = createRoute({
  getParentRoute: () => root,
  path: PAGES.newMeeting,
  component: NewMeetingPage,
});
// Which saved change brought the person here, to say it was done.
const savedSearch = doneSearch(MEETING_SAVED);
const meeting = createRoute({
  getParentRoute: () => root,
  path: PAGES.meeting,
  beforeLoad: onlyUuidParams,
  validateSearch: savedSearch,
  component: function Meeting() {
    return <MeetingPage id={meeting.useParams().id} saved={meeting.useSearch().done} />;
  },
});
const meetingDetails = createRoute({
  getParentRoute: () => root,
  path: PAGES.meetingDetails,
  beforeLoad: onlyUuidParams,
  component: function MeetingDetails() {
    return <MeetingDetailsPage id={meetingDetails.useParams().id} />;
  },
});
const minutes = createRoute({
  getParentRoute: () => root,
  path: PAGES.minutes,
  beforeLoad: onlyUuidParams,
  component: function Minutes() {
    return <MinutesPage id={minutes.useParams().id} />;
  },
});
const actions = createRoute({
  getParentRoute: () => root,
  path: PAGES.actions,
  validateSearch: (search: Record<string, unknown>) =>
    actionListQuery.catch({ scope: "mine", filter: "all" }).parse(search),
  component: function Actions() {
    return <ActionsPage query={actions.useSearch()} />;
  },
});
const settings = createRoute({
  getParentRoute: () => root,
  path: PAGES.settings,
  component: SettingsPage,
});

const templates = createRoute({
  getParentRoute: () => root,
  path: PAGES.templates,
  component: TemplatesPage,
});
const newTemplate = createRoute({
  getParentRoute: () => root,
  path: PAGES.newTemplate,
  validateSearch: (search: Record<string, unknown>) => ({
    from: typeof search.from === "string" ? search.from : "formal",
  }),
  component: function NewTemplate() {
    return <NewTemplatePage from={newTemplate.useSearch().from} />;
  },
});
const template = createRoute({
  getParentRoute: () => root,
  path: PAGES.template,
  component: function Template() {
    return <TemplatePage id={template.useParams().id} />;
  },
});

export const router = createRouter(
  root.addChildren([
    meetings,
    newMeeting,
    meeting,
    meetingDetails,
    minutes,
    actions,
    templates,
    newTemplate,
    template,
    settings,
  ]),
);

declare module "@tanstack/react-router" {
  interface Register {
    router: typeof router;
  }
}
