import type { Server } from "node:http";
import { findFreePort } from "@bernard/database";
import Provider from "oidc-provider";
import { startTestPortal } from "./portal-server.js";

export interface Person {
  email: string;
  name: string;
  groups: string[];
}

export const CLIENT = { id: "bernard-portal", secret: "a-test-client-secret" };

/**
 * A real OpenID Connect provider (the oidc-provider package) for the tests, with its development
 * sign-in pages: any login name is accepted, and the account's claims come from `people`, which a
 * test may change between sign-ins (a person moving team).
 */
export async function startOidcProvider(portalUrl: string, people: Map<string, Person>) {
  const port = await findFreePort();
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT.id,
        client_secret: CLIENT.secret,
        redirect_uris: [`${portalUrl}/api/oidc/callback`],
        response_types: ["code"],
        grant_types: ["authorization_code"],
        token_endpoint_auth_method: "client_secret_post",
      },
    ],
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name"],
      groups: ["groups"],
    },
    scopes: ["openid", "email", "profile", "groups"],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true } },
    cookies: { keys: ["a-test-cookie-signing-key"] },
    async findAccount(_context, id) {
      const person = people.get(id);
      if (!person) return undefined;
      return { accountId: id, claims: () => ({ sub: id, email_verified: true, ...person }) };
    },
  });
  provider.on("server_error", (_context: unknown, error: Error) => console.error(error));
  const server: Server = provider.listen(port);
  await new Promise((resolve) => server.once("listening", resolve));
  return {
    issuer,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A portal with single sign-on through a test provider that knows `people`. */
export async function startPortalWithProvider(people: Map<string, Person>) {
  const port = await findFreePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const provider = await startOidcProvider(publicUrl, people);
  const portal = await startTestPortal({
    port,
    publicUrl,
    oidc: {
      issuer: provider.issuer,
      clientId: CLIENT.id,
      clientSecret: CLIENT.secret,
      scopes: ["openid", "email", "profile", "groups"],
      groupsClaim: "groups",
      label: "Example Department",
    },
  });
  return { portal, provider };
}
