import { execFileSync, spawnSync } from "node:child_process";
import { chmod, cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { findFreePort } from "@bernard/database/testing";
import { accessibilityViolations, launchChromium, openPage } from "@bernard/ui/testing";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { generateTool } from "../src/generate-tool.js";
import { signInHeaders, signInPage, TEST_ADMIN } from "../src/testing.js";
import {
  freePortsForEveryApp,
  startLauncher,
  stop,
  stopLeftovers,
  waitForUrl,
} from "./launcher-process.js";

const repoRoot = path.resolve(import.meta.dirname, "../../..");
const made: string[] = [];
afterAll(async () => {
  for (const dir of made) await rm(dir, { recursive: true, force: true });
});

/** A folder shaped like the repository's apps/, holding only a portal registration. */
async function fakeRoot(): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), "bernard-gen-"));
  made.push(root);
  await mkdir(path.join(root, "apps/portal/api"), { recursive: true });
  await writeFile(
    path.join(root, "apps/portal/api/package.json"),
    JSON.stringify({ bernard: { id: "portal", defaultPort: 3000 } }),
  );
  return root;
}

describe("generateTool", () => {
  it("writes a whole tool with every placeholder filled, on the next free port", async () => {
    const root = await fakeRoot();
    const first = await generateTool(
      root,
      { id: "letter-drafts", description: "Draft replies to letters." },
      new Date("2026-11-26T10:11:12Z"),
    );
    expect(first).toMatchObject({ id: "letter-drafts", name: "Letter drafts", port: 3101 });
    expect(first.files).toEqual(
      expect.arrayContaining([
        "apps/letter-drafts/README.md",
        "apps/letter-drafts/api/package.json",
        "apps/letter-drafts/api/src/manifest.ts",
        "apps/letter-drafts/api/src/routes/notes.ts",
        "apps/letter-drafts/api/prisma/migrations/20261126101112_init/migration.sql",
        "apps/letter-drafts/api/test/notes.db.test.ts",
        "apps/letter-drafts/web/src/app.tsx",
      ]),
    );
    for (const file of first.files) {
      expect(await readFile(path.join(root, file), "utf8"), file).not.toMatch(/__[A-Z_]+__/);
    }
    const api = JSON.parse(
      await readFile(path.join(root, "apps/letter-drafts/api/package.json"), "utf8"),
    );
    expect(api.name).toBe("@bernard/letter-drafts-api");
    expect(api.bernard).toEqual({ id: "letter-drafts", defaultPort: 3101 });
    const manifest = await readFile(
      path.join(root, "apps/letter-drafts/api/src/manifest.ts"),
      "utf8",
    );
    expect(manifest).toContain('basePath: "/tools/letter-drafts/"');
    expect(manifest).toContain('description: "Draft replies to letters."');

    const second = await generateTool(root, { id: "minutes", name: "Minute summariser" });
    expect(second).toMatchObject({ name: "Minute summariser", port: 3102 });
  });

  it("refuses a bad name, the portal's, or one already taken, saying why", async () => {
    const root = await fakeRoot();
    await expect(generateTool(root, { id: "Letters!" })).rejects.toThrow(
      "The tool's name must be 2–31 lower-case letters",
    );
    await expect(generateTool(root, { id: "portal" })).rejects.toThrow("portal is taken");
    await generateTool(root, { id: "letters" });
    await expect(generateTool(root, { id: "letters" })).rejects.toThrow(
      "apps/letters already exists",
    );
    await expect(generateTool(root, { id: "quotes", name: 'Say "hi"' })).rejects.toThrow(
      "cannot contain quotes",
    );
  });
});

describe("pnpm gen tool, in a temporary copy of the repository", () => {
  afterEach(stopLeftovers);

  it(
    "creates a tool whose printed next steps work on a fresh clone, which starts with Bernard and appears once an admin enables it",
    { timeout: 1_200_000 },
    async () => {
      const copy = await copyOfRepository();
      const run = (args: string[]) => {
        const result = spawnSync("pnpm", args, { cwd: copy, encoding: "utf8", env: process.env });
        return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
      };
      const install = run(["install", "--offline", "--frozen-lockfile"]);
      expect(install.status, install.output).toBe(0);
      const built = run(["turbo", "run", "build", "--output-logs=errors-only"]);
      expect(built.status, built.output).toBe(0);

      // Bernard is installed and started once before the tool exists.
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        BERNARD_DATA_DIR: path.join(copy, ".bernard"),
        ...(await freePortsForEveryApp(copy)),
        // The tool generated below is not there yet.
        BERNARD_SAMPLE_NOTES_PORT: String(await findFreePort()),
        BERNARD_ADMIN_PASSWORD: TEST_ADMIN.password,
      };
      delete env.DATABASE_URL;
      const cli = path.join(copy, "packages/launcher/dist/cli.js");
      const first = startLauncher(cli, env);
      await waitForUrl(first);
      expect(await stop(first)).toBe(0);

      // Then as a new developer on a fresh clone would: nothing built. (Turbo's cache stays, to
      // keep this test short: a build it replays leaves the same files as a build from scratch.)
      await removeBuilds(copy);
      // A description long enough that the filled-in manifest needs Prettier's line breaks.
      const generated = run([
        "gen",
        "tool",
        "sample-notes",
        "--name",
        "Sample notes",
        "--description",
        "Keeps short notes for a team, each with a title and a body, listed newest first, so that anyone in the team can see what was noted.",
      ]);
      expect(generated.status, generated.output).toBe(0);
      expect(generated.output).toContain("Created Sample notes in apps/sample-notes");
      const formatted = run(["exec", "prettier", "--check", "apps/sample-notes"]);
      expect(formatted.status, formatted.output).toBe(0);
      // Every command the generator prints works as printed.
      const printed = printedCommands(generated.output);
      expect(printed).toEqual(["pnpm --filter @bernard/sample-notes-api test", "pnpm start"]);
      const tested = spawnSync("sh", ["-c", printed[0]!], {
        cwd: copy,
        encoding: "utf8",
        env: process.env,
      });
      expect(tested.status, `${tested.stdout}\n${tested.stderr}`).toBe(0);
      expect(tested.stdout).toMatch(/Tests\s+.*4 passed/);
      const rebuilt = run(["turbo", "run", "build", "--output-logs=errors-only"]);
      expect(rebuilt.status, rebuilt.output).toBe(0);

      const second = startLauncher(cli, env);
      const url = await waitForUrl(second);
      expect(second.output()).toContain("sample-notes: applied 1 migration(s)");
      const admin = await signInHeaders(url);
      const tools = await (await fetch(`${url}/api/admin/tools`, { headers: admin })).json();
      // The tools installed with Bernard are on; the new one waits for an admin.
      expect(tools).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: "consult", enabled: true }),
          expect.objectContaining({
            id: "sample-notes",
            name: "Sample notes",
            enabled: false,
            status: { state: "healthy" },
          }),
        ]),
      );
      const catalogueIds = async () =>
        ((await (await fetch(`${url}/api/tools`, { headers: admin })).json()) as { id: string }[])
          .map((tool) => tool.id)
          .sort();
      // The catalogue is every tool switched on (consult, minutes…), so not yet the new one.
      const installed = (tools as { id: string; enabled: boolean }[])
        .filter((tool) => tool.enabled)
        .map((tool) => tool.id)
        .sort();
      expect(installed).not.toContain("sample-notes");
      expect(await catalogueIds()).toEqual(installed);

      const enabled = await fetch(`${url}/api/admin/tools/sample-notes`, {
        method: "PUT",
        headers: { ...admin, "content-type": "application/json" },
        body: JSON.stringify({ enabled: true, openToEveryone: true }),
      });
      expect(enabled.status).toBe(200);
      expect(await catalogueIds()).toEqual([...installed, "sample-notes"].sort());
      const note = await fetch(`${url}/tools/sample-notes/api/notes`, {
        method: "POST",
        headers: { ...admin, "content-type": "application/json" },
        body: JSON.stringify({ title: "First", body: "Through the gateway." }),
      });
      expect(note.status).toBe(201);
      const page = await fetch(`${url}/tools/sample-notes/`, {
        headers: { ...admin, accept: "text/html" },
      });
      expect(await page.text()).toContain("<title>Sample notes – Bernard</title>");
      await useInBrowser(url);
      expect(await stop(second)).toBe(0);
    },
  );
});

/** The tracked and new files of this working tree, copied to a temporary folder. */
async function copyOfRepository(): Promise<string> {
  const copy = await mkdtemp(path.join(tmpdir(), "bernard-copy-"));
  made.push(copy);
  // Run as root, embedded PostgreSQL drops to another user, who must reach its binaries here.
  await chmod(copy, 0o755);
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], {
    cwd: repoRoot,
    encoding: "utf8",
  })
    .split("\n")
    .filter(Boolean);
  for (const file of files) {
    await cp(path.join(repoRoot, file), path.join(copy, file), { force: true }).catch(
      (error: NodeJS.ErrnoException) => {
        // A file deleted in the working tree but not yet committed.
        if (error.code !== "ENOENT") throw error;
      },
    );
  }
  return copy;
}

/** Takes away everything a build made, as on a fresh clone. */
async function removeBuilds(copy: string): Promise<void> {
  const built = execFileSync(
    "find",
    [
      ".",
      "-path",
      "./node_modules",
      "-prune",
      "-o",
      "-path",
      "*/node_modules",
      "-prune",
      "-o",
      "(",
      "-name",
      "dist",
      "-o",
      "-path",
      "*/src/generated",
      ")",
      "-type",
      "d",
      "-print",
      "-prune",
    ],
    { cwd: copy, encoding: "utf8" },
  )
    .split("\n")
    .filter(Boolean);
  expect(built).toEqual(expect.arrayContaining(["./packages/toolkit/dist", "./packages/ui/dist"]));
  for (const dir of built) await rm(path.join(copy, dir), { recursive: true, force: true });
}

/** The commands under "Next:" in the generator's output ("  pnpm …   what it does"). */
function printedCommands(output: string): string[] {
  const next = output.slice(output.indexOf("\nNext:\n"));
  return [...next.matchAll(/^ {2}(pnpm .+?) {3,}/gm)].map((match) => match[1]!);
}

/** The generated page in Chromium: the portal's header around it, a note added with the keyboard. */
async function useInBrowser(url: string): Promise<void> {
  const browser = await launchChromium();
  try {
    const page = await openPage(browser);
    await signInPage(page, `${url}/tools/sample-notes/`);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Notes");
    expect(await page.title()).toBe("Notes – Sample notes – Bernard");
    expect(await page.locator(".govuk-service-navigation__service-name").textContent()).toBe(
      "Sample notes",
    );
    expect(await page.locator(".bernard-user").textContent()).toContain("Administrator");
    await expect.poll(() => page.locator("main").textContent()).toContain("First");
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "Add note" }).click();
    await expect
      .poll(() => page.locator(".govuk-error-summary li").allTextContents())
      .toEqual(["Enter a title", "Enter the note"]);
    expect(await page.title()).toBe("Error: Notes – Sample notes – Bernard");
    expect(await accessibilityViolations(page)).toEqual([]);

    // GOV.UK's double-click protection ignores a second press of the button within a second.
    await page.waitForTimeout(1_000);
    await page.locator("#title").focus();
    await page.keyboard.type("Second");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Typed without a mouse.");
    await page.keyboard.press("Tab");
    await page.keyboard.down("Enter");
    await page.keyboard.up("Enter");
    await expect.poll(() => page.locator("main h3").first().textContent()).toBe("Second");
    expect(await page.locator(".govuk-error-summary").count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
  } finally {
    await browser.close();
  }
}
