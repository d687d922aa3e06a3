import { hash, randomBytes } from "node:crypto";

/** A random token to hand out (in a cookie or a link); store only its hash. */
export function newSecretToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Every request with a session cookie asks this: the one-shot `hash` is cheaper than a Hash object. */
export function hashSecretToken(token: string): string {
  return hash("sha256", token, "hex");
}
