import { createHash, randomBytes } from "node:crypto";

/** A random token to hand out (in a cookie or a link); store only its hash. */
export function newSecretToken(): string {
  return randomBytes(32).toString("base64url");
}

export function hashSecretToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}
