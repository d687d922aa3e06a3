import { PUBLIC_ROUTE, type ToolRoutes } from "@bernard/toolkit";
import { noContent } from "@bernard/toolkit/contract";
import {
  acceptInvitationBody,
  invitationSchema,
  invitationTokenParams as params,
} from "@bernard/portal-contract";
import type { PortalDatabase } from "../services/database.js";
import { acceptInvitation, describeInvitation } from "../services/user-admin.js";

/** A new person opens the link an admin gave them and chooses a password. */
export function invitationRoutes(db: PortalDatabase): ToolRoutes {
  return async (api) => {
    api.get(
      "/invitations/:token",
      {
        config: PUBLIC_ROUTE,
        schema: {
          tags: ["invitations"],
          params,
          response: { 200: invitationSchema },
        },
      },
      async (request) => describeInvitation(db, request.params.token),
    );

    api.post(
      "/invitations/:token/accept",
      {
        config: PUBLIC_ROUTE,
        schema: {
          tags: ["invitations"],
          params,
          body: acceptInvitationBody,
          response: { 204: noContent },
        },
      },
      async (request, reply) => {
        await acceptInvitation(db, request.params.token, request.body.password, request.ip);
        return reply.code(204).send();
      },
    );
  };
}
