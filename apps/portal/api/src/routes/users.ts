import type { ToolRoutes } from "@bernard/toolkit";
import { z } from "zod";
import { requireAdmin } from "../plugins/sessions.js";
import type { PortalDatabase } from "../services/database.js";
import { createGroup, listGroups, setUserGroups } from "../services/groups.js";
import {
  changeUser,
  inviteUser,
  listUsers,
  resetPassword,
  unlockSignIn,
} from "../services/user-admin.js";

const role = z.enum(["user", "admin"]);
const managedUser = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role,
  active: z.boolean(),
  groups: z.array(z.string()),
  invited: z.boolean(),
  createdAt: z.string(),
  signInThrottledUntil: z.string().nullable(),
});

const invitationBody = z.object({
  email: z
    .string()
    .trim()
    .min(1, "Enter their email address")
    .pipe(z.email("Enter an email address in the correct format, like name@example.gov.uk")),
  name: z
    .string()
    .trim()
    .min(1, "Enter their name")
    .max(100, "Name must be 100 characters or fewer"),
  role: role.default("user"),
});

const oneTimeLinkResponse = z.object({
  email: z.string(),
  link: z.string(),
  expiresAt: z.string(),
});

/** Admins manage who can sign in: list, invite, change role, deactivate and reactivate. */
export function userAdminRoutes(db: PortalDatabase, publicUrl: string): ToolRoutes {
  /** The link an admin passes on, for an invitation or a password reset (both open the same page). */
  const oneTimeLink = (email: string, token: string, expiresAt: Date) => ({
    email,
    link: new URL(`/invitation/${token}`, publicUrl).toString(),
    expiresAt: expiresAt.toISOString(),
  });

  return async (api) => {
    api.addHook("onRequest", requireAdmin);

    api.get(
      "/admin/users",
      { schema: { tags: ["admin"], response: { 200: z.array(managedUser) } } },
      async () => listUsers(db),
    );

    api.post(
      "/admin/users/invitations",
      {
        schema: {
          tags: ["admin"],
          body: invitationBody,
          response: {
            201: oneTimeLinkResponse,
          },
        },
      },
      async (request, reply) => {
        const { user, token, expiresAt } = await inviteUser(db, request.body, {
          actor: request.session!.user,
          ip: request.ip,
        });
        return reply.code(201).send(oneTimeLink(user.email, token, expiresAt));
      },
    );

    api.get(
      "/admin/groups",
      {
        schema: {
          tags: ["admin"],
          response: {
            200: z.array(z.object({ id: z.string(), name: z.string(), members: z.number() })),
          },
        },
      },
      async () => listGroups(db),
    );

    api.post(
      "/admin/groups",
      {
        schema: {
          tags: ["admin"],
          body: z.object({
            name: z
              .string()
              .trim()
              .min(1, "Enter a name for the group")
              .max(80, "Group names must be 80 characters or fewer"),
          }),
          response: { 201: z.object({ id: z.string(), name: z.string(), members: z.number() }) },
        },
      },
      async (request, reply) =>
        reply.code(201).send(
          await createGroup(db, request.body.name, {
            actor: request.session!.user,
            ip: request.ip,
          }),
        ),
    );

    api.put(
      "/admin/users/:id/groups",
      {
        schema: {
          tags: ["admin"],
          params: z.object({ id: z.uuid("a user ID is a UUID") }),
          body: z.object({ groupIds: z.array(z.uuid()).max(200) }),
          response: { 200: z.object({ groups: z.array(z.string()) }) },
        },
      },
      async (request) => ({
        groups: await setUserGroups(db, request.params.id, request.body.groupIds, {
          actor: request.session!.user,
          ip: request.ip,
        }),
      }),
    );

    api.post(
      "/admin/users/:id/password-reset",
      {
        schema: {
          tags: ["admin"],
          params: z.object({ id: z.uuid("a user ID is a UUID") }),
          response: {
            201: oneTimeLinkResponse,
          },
        },
      },
      async (request, reply) => {
        const { user, token, expiresAt } = await resetPassword(db, request.params.id, {
          actor: request.session!.user,
          ip: request.ip,
        });
        return reply.code(201).send(oneTimeLink(user.email, token, expiresAt));
      },
    );

    api.post(
      "/admin/users/:id/unlock",
      {
        schema: {
          tags: ["admin"],
          params: z.object({ id: z.uuid("a user ID is a UUID") }),
        },
      },
      async (request, reply) => {
        await unlockSignIn(db, request.params.id, {
          actor: request.session!.user,
          ip: request.ip,
        });
        return reply.code(204).send();
      },
    );

    api.patch(
      "/admin/users/:id",
      {
        schema: {
          tags: ["admin"],
          params: z.object({ id: z.uuid("a user ID is a UUID") }),
          body: z.object({ role: role.optional(), active: z.boolean().optional() }),
          response: { 200: managedUser },
        },
      },
      async (request) =>
        changeUser(db, request.params.id, request.body, {
          actor: request.session!.user,
          ip: request.ip,
        }),
    );
  };
}
