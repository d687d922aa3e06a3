import { afterAll, beforeAll, expect, it } from "vitest";
import { startBernard } from "./bernard.js";

let bernard: Awaited<ReturnType<typeof startBernard>>;
beforeAll(async () => {
  bernard = await startBernard({ name: "consult-exports" });
}, 120_000);
afterAll(() => bernard?.stop());

interface AuditEvents {
  events: { action: string; actorEmail: string; target: string; details: { file: string } }[];
}

it(
  "records every download from the sorter in the portal's audit log, with the person and the tool",
  { timeout: 120_000 },
  async () => {
    const page = await bernard.signedIn();
    await page.getByRole("link", { name: /Evening bus services/ }).click();
    await expect.poll(() => page.locator("h1").textContent()).toContain("Evening bus services");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: /^CSV of / }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);

    // The admin's own browser session reads the portal's audit log.
    const audit = async () =>
      (await (
        await page.request.get(`${bernard.url}/api/admin/audit?action=export`)
      ).json()) as AuditEvents;
    await expect.poll(async () => (await audit()).events.length).toBe(1);
    expect((await audit()).events[0]).toMatchObject({
      action: "export",
      actorEmail: "admin@bernard.local",
      target: "consult",
      details: { file: download.suggestedFilename() },
    });
  },
);
