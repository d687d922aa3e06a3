import { describe, expect, it } from "vitest";
import { hashPassword, needsRehash, verifyPassword } from "../src/passwords.js";
import { passwordProblems } from "../src/password-policy.js";

describe("password hashing", () => {
  it("verifies the right password and refuses a wrong one", async () => {
    const stored = await hashPassword("correct horse battery staple");
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[\w+/=]+\$[\w+/=]+$/);
    expect(await verifyPassword("correct horse battery staple", stored)).toBe(true);
    expect(await verifyPassword("correct horse battery stable", stored)).toBe(false);
  });

  it("salts every hash, so the same password never stores the same way twice", async () => {
    expect(await hashPassword("same password here")).not.toBe(
      await hashPassword("same password here"),
    );
  });

  it("refuses hashes it does not understand, and asks to rehash weaker ones", async () => {
    expect(await verifyPassword("anything", "md5$abc")).toBe(false);
    expect(needsRehash("scrypt$16384$8$1$c2FsdA==$aGFzaA==")).toBe(true);
    expect(needsRehash(await hashPassword("a fresh password"))).toBe(false);
  });
});

describe("password policy", () => {
  it("accepts a long passphrase with no particular symbols", () => {
    expect(passwordProblems("marmalade tractor lighthouse")).toEqual([]);
  });

  it.each([
    ["short", "Use at least 12 characters"],
    ["password1234", "most common"],
    ["Qwertyuiop!!", "most common"],
    ["aaaaaaaaaaaaaa", "repeated or simple sequence"],
    ["abcdefghijklmn", "repeated or simple sequence"],
    ["ada.lovelace-rocks", "your name"],
  ])("refuses %s and says why", (password, reason) => {
    expect(passwordProblems(password, { email: "ada.lovelace@example.gov.uk" })[0]).toContain(
      reason,
    );
  });

  it("refuses the service's own name in the password", () => {
    expect(passwordProblems("my bernard password", { serviceName: "Bernard" })[0]).toContain(
      "name of this service",
    );
  });
});
