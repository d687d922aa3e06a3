import { describe, expect, it } from "vitest";
import { appEnvironment } from "../src/environment.js";

const launcherEnvironment = {
  PATH: "/usr/bin",
  HOME: "/home/bernard",
  LANG: "en_GB.UTF-8",
  LC_ALL: "en_GB.UTF-8",
  NODE_OPTIONS: "--max-old-space-size=512",
  TZ: "Europe/London",
  BERNARD_ADMIN_PASSWORD: "copper lantern meadow",
  BERNARD_ADMIN_EMAIL: "admin@example.gov.uk",
  BERNARD_LLM_API_KEY: "sk-secret",
  BERNARD_OIDC_CLIENT_SECRET: "shh",
  BERNARD_SESSION_IDLE_MINUTES: "45",
  BERNARD_CONSULT_ENGINE: "fast",
  BERNARD_LETTERS_API_KEY: "another tool's secret",
  DATABASE_URL: "postgresql://owner:owner-password@db/bernard",
  PGPASSWORD: "owner-password",
  AWS_SECRET_ACCESS_KEY: "cloud",
  npm_config_registry: "https://registry.npmjs.org/",
};
const shared = { PORT: "3101", DATABASE_URL: "postgresql://bernard_consult:pw@db/bernard" };

describe("what the launcher gives each app", () => {
  it("gives a tool the process basics, the shared settings and its own, and no one else's", () => {
    expect(
      appEnvironment({ envPrefix: "BERNARD_CONSULT_", settings: [] }, launcherEnvironment, shared),
    ).toEqual({
      PATH: "/usr/bin",
      HOME: "/home/bernard",
      LANG: "en_GB.UTF-8",
      LC_ALL: "en_GB.UTF-8",
      NODE_OPTIONS: "--max-old-space-size=512",
      TZ: "Europe/London",
      BERNARD_CONSULT_ENGINE: "fast",
      ...shared,
    });
  });

  it("gives the portal the settings it declares, and still not the first administrator's password", () => {
    const portal = appEnvironment(
      {
        envPrefix: "BERNARD_PORTAL_",
        settings: [
          "BERNARD_LLM_API_KEY",
          "BERNARD_OIDC_CLIENT_SECRET",
          "BERNARD_SESSION_IDLE_MINUTES",
        ],
      },
      launcherEnvironment,
      shared,
    );
    expect(portal).toMatchObject({
      BERNARD_LLM_API_KEY: "sk-secret",
      BERNARD_OIDC_CLIENT_SECRET: "shh",
      BERNARD_SESSION_IDLE_MINUTES: "45",
    });
    for (const name of [
      "BERNARD_ADMIN_PASSWORD",
      "BERNARD_CONSULT_ENGINE",
      "PGPASSWORD",
      "AWS_SECRET_ACCESS_KEY",
    ])
      expect(portal).not.toHaveProperty(name);
    expect(portal.DATABASE_URL).toBe(shared.DATABASE_URL);
  });
});
