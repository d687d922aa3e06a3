import { SignJWT, importJWK } from "jose";
import { describe, expect, it } from "vitest";
import {
  createTokenIssuer,
  createTokenVerifier,
  generateSigningKey,
  type UserClaims,
} from "../src/user-tokens.js";

const ada: UserClaims = {
  sub: "user-1",
  name: "Ada",
  email: "ada@example.gov.uk",
  roles: ["user"],
  groups: ["policy"],
};

async function setUp(ttlSeconds = 300) {
  const issuer = await createTokenIssuer({
    issuer: "http://portal",
    signingKey: await generateSigningKey(),
    ttlSeconds,
  });
  const verify = createTokenVerifier({
    issuer: "http://portal",
    audience: "minutes",
    keys: issuer.jwks(),
  });
  return { issuer, verify };
}

describe("user tokens", () => {
  it("carries who the user is to the tool it was issued for", async () => {
    const { issuer, verify } = await setUp();
    expect(await verify(await issuer.issue(ada, "minutes"))).toEqual(ada);
  });

  it("publishes only the public key", async () => {
    const { issuer } = await setUp();
    const [key] = issuer.jwks().keys;
    expect(key).toMatchObject({ kty: "EC", crv: "P-256", alg: "ES256", use: "sig" });
    expect(key).not.toHaveProperty("d");
  });

  it("refuses a token for another tool", async () => {
    const { issuer, verify } = await setUp();
    await expect(verify(await issuer.issue(ada, "consult"))).rejects.toThrow(
      "This request was not meant for this tool.",
    );
  });

  it("refuses an expired token", async () => {
    const { issuer, verify } = await setUp(1);
    const token = await issuer.issue(ada, "minutes");
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    await expect(verify(token)).rejects.toThrow("Your sign-in has expired. Sign in again.");
  });

  it("refuses a token signed by another key, even with the right kid", async () => {
    const { issuer, verify } = await setUp();
    const other = await generateSigningKey();
    const forged = await new SignJWT({
      name: "Mallory",
      email: "m@x",
      roles: ["admin"],
      groups: [],
    })
      .setProtectedHeader({ alg: "ES256", kid: issuer.jwks().keys[0]!.kid! })
      .setSubject("user-1")
      .setIssuer("http://portal")
      .setAudience("minutes")
      .setExpirationTime("5m")
      .sign(await importJWK(other, "ES256"));
    await expect(verify(forged)).rejects.toThrow("does not carry a valid sign-in token");
  });

  it("refuses garbage", async () => {
    const { verify } = await setUp();
    await expect(verify("not.a.token")).rejects.toThrow("does not carry a valid sign-in token");
  });
});
