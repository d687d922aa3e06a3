import { PUBLIC_ROUTE, type ToolRoutes } from "@bernard/toolkit";
import { z } from "zod";
import type { PortalDatabase } from "../services/database.js";
import { acceptInvitation, describeInvitation } from "../services/user-admin.js";

const params = z.object({ token: z.string().min(20).max(100) });

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
          response: { 200: z.object({ email: z.string(), name: z.string() }) },
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
          body: z.object({ password: z.string().min(1, "Enter a password") }),
        },
      },
      async (request, reply) => {
        await acceptInvitation(db, request.params.token, request.body.password, request.ip);
        return reply.code(204).send();
      },
    );
  };
}
