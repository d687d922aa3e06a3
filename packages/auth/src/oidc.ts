import * as client from "openid-client";

export interface OidcOptions {
  /** The provider's issuer URL (Entra ID: https://login.microsoftonline.com/<tenant>/v2.0). */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Where the provider sends people back: the portal's callback route. */
  redirectUri: string;
  /** Scopes to ask for; "openid" is always included. */
  scopes: string[];
  /** The claim listing the person's groups (Entra ID and Keycloak: "groups"). */
  groupsClaim: string;
}

/** What a sign-in flow must remember between sending someone to the provider and their return. */
export interface OidcFlow {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** Who the provider says signed in. */
export interface OidcIdentity {
  subject: string;
  email: string;
  name: string;
  groups: string[];
}

/** Why single sign-on failed; the message is safe to show. */
export class OidcError extends Error {
  override name = "OidcError";
}

export interface OidcClient {
  /** The provider's sign-in address for a new flow, and the flow to keep until the callback. */
  start(): Promise<{ url: URL; flow: OidcFlow }>;
  /** Checks the callback against the flow, redeems the code and reads the person's claims. */
  finish(callbackUrl: URL, flow: OidcFlow): Promise<OidcIdentity>;
}

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * An OpenID Connect relying party (authorization code flow with PKCE, state and nonce) for any
 * compliant provider: Entra ID, Keycloak, Okta… The provider's metadata is discovered once.
 * Plain HTTP is allowed only for a provider on this machine (development and tests).
 */
export function createOidcClient(options: OidcOptions): OidcClient {
  const issuer = new URL(options.issuer);
  const insecure = issuer.protocol === "http:";
  if (insecure && !LOOPBACK.has(issuer.hostname)) {
    throw new OidcError(`The OIDC issuer must use https:// (got ${options.issuer}).`);
  }
  let configuration: Promise<client.Configuration> | undefined;
  const configure = () => {
    configuration ??= client
      .discovery(issuer, options.clientId, options.clientSecret, undefined, {
        execute: insecure ? [client.allowInsecureRequests] : [],
      })
      .catch((error: unknown) => {
        configuration = undefined;
        throw new OidcError(`The sign-in provider at ${options.issuer} could not be reached.`, {
          cause: error,
        });
      });
    return configuration;
  };
  const scope = [...new Set(["openid", ...options.scopes])].join(" ");

  return {
    async start() {
      const config = await configure();
      const flow: OidcFlow = {
        state: client.randomState(),
        nonce: client.randomNonce(),
        codeVerifier: client.randomPKCECodeVerifier(),
      };
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: options.redirectUri,
        scope,
        state: flow.state,
        nonce: flow.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(flow.codeVerifier),
        code_challenge_method: "S256",
      });
      return { url, flow };
    },

    async finish(callbackUrl, flow) {
      const config = await configure();
      let claims: Record<string, unknown>;
      try {
        const tokens = await client.authorizationCodeGrant(config, callbackUrl, {
          pkceCodeVerifier: flow.codeVerifier,
          expectedState: flow.state,
          expectedNonce: flow.nonce,
          idTokenExpected: true,
        });
        const idClaims = tokens.claims()!;
        // Some providers put email, name or groups only in the userinfo response.
        const userInfo = config.serverMetadata().userinfo_endpoint
          ? await client.fetchUserInfo(config, tokens.access_token, idClaims.sub)
          : {};
        claims = { ...userInfo, ...idClaims };
      } catch (error) {
        throw new OidcError(describe(error), { cause: error });
      }
      return identityFrom(claims, options.groupsClaim);
    },
  };
}

function describe(error: unknown): string {
  if (error instanceof client.AuthorizationResponseError) {
    return `The sign-in provider refused: ${error.error_description ?? error.error}.`;
  }
  return "The sign-in could not be completed. Try again.";
}

function identityFrom(claims: Record<string, unknown>, groupsClaim: string): OidcIdentity {
  const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");
  const email = text(claims.email) || text(claims.preferred_username) || text(claims.upn);
  if (!email.includes("@")) {
    throw new OidcError(
      "The sign-in provider did not say what your email address is. Ask your administrator.",
    );
  }
  const rawGroups = claims[groupsClaim];
  const groups = (Array.isArray(rawGroups) ? rawGroups : [rawGroups]).map(text).filter(Boolean);
  return {
    subject: text(claims.sub),
    email: email.toLowerCase(),
    name: text(claims.name) || email,
    groups: [...new Set(groups)],
  };
}
