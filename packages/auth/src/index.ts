export { hashPassword, needsRehash, verifyPassword } from "./passwords.js";
export { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, passwordProblems } from "./password-policy.js";
export {
  createTokenIssuer,
  createTokenVerifier,
  generateSigningKey,
  InvalidTokenError,
  peekToken,
  userClaimsSchema,
  type TokenIssuer,
  type TokenVerifier,
  type UserClaims,
} from "./user-tokens.js";
export type { JSONWebKeySet, JWK } from "jose";
export {
  createOidcClient,
  OidcError,
  type OidcClient,
  type OidcFlow,
  type OidcIdentity,
  type OidcOptions,
} from "./oidc.js";
