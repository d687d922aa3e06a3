import { accessibilityViolations, launchChromium, openPage } from "@bernard/ui/testing";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startPortalWithProvider, type Person } from "../oidc-provider.js";

let portal: Awaited<ReturnType<typeof startPortalWithProvider>>["portal"];
let provider: Awaited<ReturnType<typeof startPortalWithProvider>>["provider"];
let browser: Browser;

beforeAll(async () => {
  ({ portal, provider } = await startPortalWithProvider(
    new Map<string, Person>([
      ["grace", { email: "grace@example.gov.uk", name: "Grace Hopper", groups: ["Navy"] }],
    ]),
  ));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await portal?.server.close();
  await provider?.close();
});

it("signs a person in through their organisation's provider and back to the page they asked for", async () => {
  const page = await openPage(browser);
  await page.goto(`${portal.url}/account`);
  await expect.poll(() => page.locator("h1").textContent()).toBe("Sign in to Bernard");
  const button = page.getByRole("button", { name: "Sign in with Example Department" });
  await button.waitFor();
  expect(await accessibilityViolations(page)).toEqual([]);
  await button.click();

  // The provider's own (development) pages: sign in, then agree to share the details.
  await page.locator("input[name=login]").fill("grace");
  await page.locator("input[name=password]").fill("anything");
  await page.locator("button[type=submit]").click();
  await page.getByRole("button", { name: "Continue" }).click();

  await expect.poll(() => page.locator("h1").textContent()).toBe("Change your password");
  expect(page.url()).toBe(`${portal.url}/account`);
  expect(await page.locator(".bernard-user").textContent()).toContain("Grace Hopper");
  expect(await accessibilityViolations(page)).toEqual([]);
});

it("explains on the sign-in page why single sign-on sent someone back", async () => {
  const page = await openPage(browser);
  await page.goto(`${portal.url}/api/oidc/callback?code=x&state=y`);
  await expect
    .poll(() => page.locator(".govuk-notification-banner").textContent())
    .toContain("Signing in took too long, or was started in another window. Try again.");
  expect(await accessibilityViolations(page)).toEqual([]);
});
