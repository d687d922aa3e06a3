import { describe, expect, it } from "vitest";
import { readConfig } from "../src/config.js";

const base = { DATABASE_URL: "postgresql://bernard@localhost:5432/bernard" };

describe("the portal's configuration", () => {
  it("reads the tools behind the gateway as id=address pairs", () => {
    const config = readConfig({
      ...base,
      BERNARD_TOOLS: "consult=http://127.0.0.1:3101, letters=http://10.0.0.5:3105",
    });
    expect(config.tools).toEqual([
      { id: "consult", url: "http://127.0.0.1:3101" },
      { id: "letters", url: "http://10.0.0.5:3105" },
    ]);
    expect(config.oidc).toBeUndefined();
    expect(config.publicUrl).toBe("http://127.0.0.1:3000");
  });

  it("names every setting that is wrong, and how to write it", () => {
    expect(() =>
      readConfig({ ...base, BERNARD_TOOLS: "consult", BERNARD_SESSION_IDLE_MINUTES: "0" }),
    ).toThrow(
      /The portal cannot start because its configuration is not valid:\n {2}BERNARD_SESSION_IDLE_MINUTES: .*\n {2}BERNARD_TOOLS: "consult" should look like consult=http:\/\/127\.0\.0\.1:3101/,
    );
  });

  it("trusts no proxy's X-Forwarded-For unless told which, and names a proxy it cannot read", () => {
    expect(readConfig(base).trustedProxies).toEqual([]);
    expect(
      readConfig({ ...base, BERNARD_TRUSTED_PROXIES: "10.0.0.0/8, 192.0.2.7,fd00::/8,loopback" })
        .trustedProxies,
    ).toEqual(["10.0.0.0/8", "192.0.2.7", "fd00::/8", "loopback"]);
    for (const wrong of ["lb.internal", "10.0.0.0/33", "10.0.0.0/8/1", "*"]) {
      expect(() => readConfig({ ...base, BERNARD_TRUSTED_PROXIES: wrong })).toThrow(
        `BERNARD_TRUSTED_PROXIES: "${wrong}" is not an IP address or CIDR range`,
      );
    }
  });

  it("turns on single sign-on only with a client id and secret", () => {
    expect(() => readConfig({ ...base, BERNARD_OIDC_ISSUER: "https://login.example.org" })).toThrow(
      "BERNARD_OIDC_ISSUER is set, so BERNARD_OIDC_CLIENT_ID and BERNARD_OIDC_CLIENT_SECRET are needed too",
    );
    const config = readConfig({
      ...base,
      BERNARD_OIDC_ISSUER: "https://login.example.org",
      BERNARD_OIDC_CLIENT_ID: "bernard",
      BERNARD_OIDC_CLIENT_SECRET: "secret",
      BERNARD_OIDC_SCOPES: "openid email profile groups",
    });
    expect(config.oidc).toEqual({
      issuer: "https://login.example.org",
      clientId: "bernard",
      clientSecret: "secret",
      scopes: ["openid", "email", "profile", "groups"],
      groupsClaim: "groups",
      label: "your organisation's account",
    });
  });
});
