import {
  groupSchema,
  groupsSchema,
  invitationBody,
  managedUserSchema,
  managedUsersSchema,
  newGroupBody,
  oneTimeLinkSchema,
  userChangeBody,
  userGroupsBody,
  userGroupsSchema,
  userIdParams,
} from "@bernard/portal-contract";
import type { ToolRoutes } from "@bernard/toolkit";
import { noContent } from "@bernard/toolkit/contract";
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
      { schema: { tags: ["admin"], response: { 200: managedUsersSchema } } },
      async () => listUsers(db),
    );

    api.post(
      "/admin/users/invitations",
      {
        schema: {
          tags: ["admin"],
          body: invitationBody,
          response: { 201: oneTimeLinkSchema },
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
          response: { 200: groupsSchema },
        },
      },
      async () => listGroups(db),
    );

    api.post(
      "/admin/groups",
      {
        schema: {
          tags: ["admin"],
          body: newGroupBody,
          response: { 201: groupSchema },
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
          params: userIdParams,
          body: userGroupsBody,
          response: { 200: userGroupsSchema },
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
          params: userIdParams,
          response: { 201: oneTimeLinkSchema },
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
          params: userIdParams,
          response: { 204: noContent },
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
          params: userIdParams,
          body: userChangeBody,
          response: { 200: managedUserSchema },
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
