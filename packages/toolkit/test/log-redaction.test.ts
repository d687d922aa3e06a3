import { describe, expect, it } from "vitest";
import { redactUrl } from "../src/server/log-redaction.js";

const PREFIXES = ["/api/invitations/", "/invitation/"];

describe("URLs written to logs", () => {
  it.each([
    ["/api/invitations/s3cr3tT0ken/accept", "/api/invitations/[redacted]/accept"],
    ["/api/invitations/s3cr3tT0ken", "/api/invitations/[redacted]"],
    ["/api/%69nvitations/s3cr3tT0ken", "/api/%69nvitations/[redacted]"],
    ["/invitation/s3cr3tT0ken?x=1", "/invitation/[redacted]?x=1"],
    [
      "/api/oidc/callback?code=abc&state=def&iss=x",
      "/api/oidc/callback?code=[redacted]&state=[redacted]&iss=x",
    ],
    [
      "/api/oidc/callback?CODE=abc&%73tate=def",
      "/api/oidc/callback?CODE=[redacted]&%73tate=[redacted]",
    ],
    [
      "/x?access_token=abc&id_token=def&token=ghi",
      "/x?access_token=[redacted]&id_token=[redacted]&token=[redacted]",
    ],
  ])("writes %s as %s", (url, logged) => {
    expect(redactUrl(url, PREFIXES)).toBe(logged);
  });

  it.each([
    "/api/invitations",
    "/api/users/1234?page=2",
    "/tools/consult/api/questions?q=code",
    "/%E0%A4%A",
  ])("leaves %s as it is", (url) => {
    expect(redactUrl(url, PREFIXES)).toBe(url);
  });
});
