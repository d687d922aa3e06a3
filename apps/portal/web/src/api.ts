import {
  auditPageSchema,
  catalogueSchema,
  groupSchema,
  groupsSchema,
  invitationSchema,
  managedToolSchema,
  managedToolsSchema,
  managedUserSchema,
  managedUsersSchema,
  modelSettingsSchema,
  oneTimeLinkSchema,
  portalSessionSchema,
  portalStatusSchema,
  signInMethodsSchema,
  usageReportSchema,
  userGroupsSchema,
  type InvitationAcceptance,
  type ModelAllowance,
  type NewGroup,
  type NewInvitation,
  type PasswordChange,
  type SignIn,
  type ToolSettings,
  type UserChange,
} from "@bernard/portal-contract";
import { noContent } from "@bernard/toolkit/contract";
import { createApiClient, fetchPortalSession, keepPreviousData, queryOptions } from "@bernard/ui";

/** The portal's API; every reply is parsed with its route's schema from the portal's contract. */
const api = createApiClient("/api");

const path = (strings: TemplateStringsArray, ...values: string[]) =>
  strings.reduce((joined, part, index) => joined + encodeURIComponent(values[index - 1]!) + part);

/** A page's search (its filters), as the query string the API reads, in the search's order. */
export function queryString(search: Record<string, string | undefined>): string {
  const given = Object.entries(search).filter(
    (entry): entry is [string, string] => entry[1] !== undefined,
  );
  return new URLSearchParams(given).toString();
}

/** What the pages read, each under the key a change invalidates. */
export const queries = {
  /** Who is signed in (null: nobody); loading it lets the client send the session's CSRF token. */
  session: queryOptions({
    queryKey: ["session"],
    queryFn: async () => (await fetchPortalSession()) ?? null,
  }),
  signInMethods: queryOptions({
    queryKey: ["sign-in-methods"],
    queryFn: ({ signal }) => api.get("/sign-in/methods", signInMethodsSchema, { signal }),
  }),
  status: queryOptions({
    queryKey: ["status"],
    queryFn: ({ signal }) => api.get("/status", portalStatusSchema, { signal }),
  }),
  catalogue: queryOptions({
    queryKey: ["catalogue"],
    queryFn: ({ signal }) => api.get("/tools", catalogueSchema, { signal }),
  }),
  invitation: (token: string) =>
    queryOptions({
      queryKey: ["invitation", token],
      queryFn: ({ signal }) => api.get(path`/invitations/${token}`, invitationSchema, { signal }),
      // An unusable link says why at once; asking again will not change the answer.
      retry: false,
    }),
  users: queryOptions({
    queryKey: ["users"],
    queryFn: ({ signal }) => api.get("/admin/users", managedUsersSchema, { signal }),
  }),
  groups: queryOptions({
    queryKey: ["groups"],
    queryFn: ({ signal }) => api.get("/admin/groups", groupsSchema, { signal }),
  }),
  tools: queryOptions({
    queryKey: ["tools"],
    queryFn: ({ signal }) => api.get("/admin/tools", managedToolsSchema, { signal }),
  }),
  tool: (id: string) =>
    queryOptions({
      queryKey: ["tools", id],
      queryFn: ({ signal }) => api.get(path`/admin/tools/${id}`, managedToolSchema, { signal }),
    }),
  modelSettings: queryOptions({
    queryKey: ["model-settings"],
    queryFn: ({ signal }) => api.get("/admin/llm", modelSettingsSchema, { signal }),
  }),
  /** `search` is the query string of the page's dates. */
  usage: (search: string) =>
    queryOptions({
      queryKey: ["usage", search],
      queryFn: ({ signal }) => api.get(`/admin/llm/usage?${search}`, usageReportSchema, { signal }),
      // Other dates: the figures shown stay until the new ones arrive.
      placeholderData: keepPreviousData,
    }),
  /** `search` is the query string of the page's filters. */
  audit: (search: string) =>
    queryOptions({
      queryKey: ["audit", search],
      queryFn: ({ signal }) => api.get(`/admin/audit?${search}`, auditPageSchema, { signal }),
      // Other filters: the entries shown stay until the new ones arrive.
      placeholderData: keepPreviousData,
    }),
};

/** What the pages change; each page invalidates the queries its change affects. */
export const actions = {
  signIn: (input: SignIn) => api.post("/session", input, portalSessionSchema),
  changePassword: (input: PasswordChange) => api.post("/session/password", input, noContent),
  acceptInvitation: (token: string, input: InvitationAcceptance) =>
    api.post(path`/invitations/${token}/accept`, input, noContent),
  inviteUser: (input: NewInvitation) =>
    api.post("/admin/users/invitations", input, oneTimeLinkSchema),
  changeUser: (id: string, change: UserChange) =>
    api.patch(path`/admin/users/${id}`, change, managedUserSchema),
  resetPassword: (id: string) =>
    api.post(path`/admin/users/${id}/password-reset`, {}, oneTimeLinkSchema),
  unlockSignIn: (id: string) => api.post(path`/admin/users/${id}/unlock`, {}, noContent),
  createGroup: (input: NewGroup) => api.post("/admin/groups", input, groupSchema),
  setUserGroups: (id: string, groupIds: string[]) =>
    api.put(path`/admin/users/${id}/groups`, { groupIds }, userGroupsSchema),
  changeTool: (id: string, settings: ToolSettings) =>
    api.put(path`/admin/tools/${id}`, settings, managedToolSchema),
  changeModelAllowance: (input: ModelAllowance) => api.put("/admin/llm", input, noContent),
};
