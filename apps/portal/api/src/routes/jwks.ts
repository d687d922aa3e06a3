import type { TokenIssuer } from "@bernard/auth";
import { jwksSchema } from "@bernard/portal-contract";
import { PUBLIC_ROUTE, type ToolRoutes } from "@bernard/toolkit";

/** The public half of the user-token signing key, which tools fetch to check tokens. */
export function jwksRoutes(issuer: TokenIssuer): ToolRoutes {
  return async (api) => {
    api.get(
      "/.well-known/jwks.json",
      {
        config: PUBLIC_ROUTE,
        schema: {
          tags: ["tokens"],
          summary: "Public keys for the portal's user tokens",
          response: { 200: jwksSchema },
        },
      },
      async (_request, reply) =>
        reply.header("Cache-Control", "public, max-age=300").send(issuer.jwks()),
    );
  };
}
