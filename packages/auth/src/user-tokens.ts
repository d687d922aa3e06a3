import { randomUUID } from "node:crypto";
import {
  createLocalJWKSet,
  decodeJwt,
  createRemoteJWKSet,
  errors,
  exportJWK,
  generateKeyPair,
  importJWK,
  jwtVerify,
  SignJWT,
  type JSONWebKeySet,
  type JWK,
} from "jose";
import { z } from "zod";

const ALGORITHM = "ES256";

/** Who is making a request, as the portal vouches for it to a tool. */
export const userClaimsSchema = z.object({
  sub: z.string().min(1),
  name: z.string(),
  email: z.string(),
  roles: z.array(z.enum(["user", "admin"])),
  groups: z.array(z.string()),
});
export type UserClaims = z.infer<typeof userClaimsSchema>;

/** A new private signing key (ES256), as a JWK the portal stores; its public half is published. */
export async function generateSigningKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair(ALGORITHM, { extractable: true });
  return { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: ALGORITHM, use: "sig" };
}

export interface TokenIssuer {
  /** A short-lived token for one tool (the audience). */
  issue: (claims: UserClaims, audience: string) => Promise<string>;
  /** The public keys, for `/.well-known/jwks.json`. */
  jwks: () => JSONWebKeySet;
}

export async function createTokenIssuer(options: {
  issuer: string;
  signingKey: JWK;
  ttlSeconds?: number;
}): Promise<TokenIssuer> {
  const { d: _private, ...publicJwk } = options.signingKey;
  const key = await importJWK(options.signingKey, ALGORITHM);
  const ttl = options.ttlSeconds ?? 300;
  return {
    issue: (claims, audience) =>
      new SignJWT({
        name: claims.name,
        email: claims.email,
        roles: claims.roles,
        groups: claims.groups,
      })
        .setProtectedHeader({ alg: ALGORITHM, kid: options.signingKey.kid ?? "" })
        .setSubject(claims.sub)
        .setIssuer(options.issuer)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime(`${ttl}s`)
        .sign(key),
    jwks: () => ({ keys: [publicJwk] }),
  };
}

/** Why a token was refused; the message is safe to send back in a 401. */
export class InvalidTokenError extends Error {
  override name = "InvalidTokenError";
}

export type TokenVerifier = (token: string) => Promise<UserClaims>;

/**
 * Checks a user token's signature (against the portal's published keys), issuer, audience and
 * expiry, and returns who it speaks for. Tools use this; they never see passwords or sessions.
 */
export function createTokenVerifier(options: {
  issuer: string;
  audience: string;
  /** The portal's JWKS URL, or the key set itself (tests, or a tool beside the portal). */
  keys: URL | JSONWebKeySet;
}): TokenVerifier {
  const keySet =
    options.keys instanceof URL
      ? createRemoteJWKSet(options.keys)
      : createLocalJWKSet(options.keys);
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, keySet, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: [ALGORITHM],
      });
      return userClaimsSchema.parse(payload);
    } catch (error) {
      throw new InvalidTokenError(describe(error), { cause: error });
    }
  };
}

function describe(error: unknown): string {
  if (error instanceof errors.JWTExpired) return "Your sign-in has expired. Sign in again.";
  if (error instanceof errors.JWTClaimValidationFailed)
    return "This request was not meant for this tool.";
  return "This request does not carry a valid sign-in token.";
}

/**
 * What a token says about itself, unverified: which audience it names and when it expires.
 * For routing a token to the right verifier, never for trusting it.
 */
export function peekToken(token: string): {
  audience: string | undefined;
  expiresAt: Date | undefined;
} {
  try {
    const { aud, exp } = decodeJwt(token);
    return {
      audience: Array.isArray(aud) ? aud[0] : aud,
      expiresAt: exp === undefined ? undefined : new Date(exp * 1000),
    };
  } catch {
    return { audience: undefined, expiresAt: undefined };
  }
}
