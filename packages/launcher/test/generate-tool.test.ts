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
        "apps/letter-drafts/contract/src/index.ts",
        "apps/letter-drafts/api/src/routes/tables.ts",
        "apps/letter-drafts/api/src/jobs/count-words.ts",
        "apps/letter-drafts/api/prisma/migrations/20261126101112_init/migration.sql",
        "apps/letter-drafts/api/test/tables.db.test.ts",
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
    // The API and the pages share the API's types through the tool's own contract package.
    expect(api.dependencies["@bernard/letter-drafts-contract"]).toBe("workspace:*");
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
    "creates a tool whose printed next steps work on a fresh clone, whose tests pass, and which works through the portal: upload, job, export recorded in the audit log",
    { timeout: 1_200_000 },
    async () => {
      const copy = await copyOfRepository();
      const run = (args: string[]) => {
        const result = spawnSync("pnpm", args, { cwd: copy, encoding: "utf8", env: process.env });
        return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
      };
      const install = run(["install", "--offline", "--frozen-lockfile"]);
      expect(install.status, install.output).toBe(0);
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        BERNARD_DATA_DIR: path.join(copy, ".bernard"),
        ...(await freePortsForEveryApp(copy)),
        // The tool generated below is not there yet.
        BERNARD_SAMPLE_TABLES_PORT: String(await findFreePort()),
        BERNARD_ADMIN_PASSWORD: TEST_ADMIN.password,
      };
      delete env.DATABASE_URL;
      const cli = path.join(copy, "packages/launcher/dist/cli.js");
      // Bernard is installed and started once before the tool exists.
      const builtFirst = run(["turbo", "run", "build", "--output-logs=errors-only"]);
      expect(builtFirst.status, builtFirst.output).toBe(0);
      const first = startLauncher(cli, env);
      await waitForUrl(first);
      expect(await stop(first)).toBe(0);

      // A description long enough that the filled-in manifest needs Prettier's line breaks.
      const generated = run([
        "gen",
        "tool",
        "sample-tables",
        "--name",
        "Sample tables",
        "--description",
        "Counts the words in tables people upload, which they may share with their team, and exports the counts, so that anyone can see how much was written.",
      ]);
      expect(generated.status, generated.output).toBe(0);
      expect(generated.output).toContain("Created Sample tables in apps/sample-tables");
      const formatted = run(["exec", "prettier", "--check", "apps/sample-tables"]);
      expect(formatted.status, formatted.output).toBe(0);
      // Every command the generator prints works as printed, even on a fresh clone with nothing
      // built. (Turbo's cache stays, to keep this test short: a build it replays leaves the same
      // files as a build from scratch.)
      const printed = printedCommands(generated.output);
      expect(printed).toEqual([
        "pnpm turbo run test --filter=@bernard/sample-tables-api",
        "pnpm start",
      ]);
      await removeBuilds(copy);
      const tested = spawnSync("sh", ["-c", printed[0]!], {
        cwd: copy,
        encoding: "utf8",
        env: process.env,
      });
      expect(tested.status, `${tested.stdout}\n${tested.stderr}`).toBe(0);
      expect(tested.stdout).toMatch(/Tests\s+.*4 passed/);
      for (const pkg of ["contract", "api", "web"]) {
        const checked = run(["--filter", `@bernard/sample-tables-${pkg}`, "typecheck"]);
        expect(checked.status, checked.output).toBe(0);
        const linted = run(["--filter", `@bernard/sample-tables-${pkg}`, "lint"]);
        expect(linted.status, linted.output).toBe(0);
      }

      // `pnpm start` builds everything, then starts the launcher.
      const built = run(["turbo", "run", "build", "--output-logs=errors-only"]);
      expect(built.status, built.output).toBe(0);
      const started = startLauncher(cli, env);
      const url = await waitForUrl(started);
      expect(started.output()).toContain("sample-tables: applied 1 migration(s)");
      const admin = await signInHeaders(url);
      const tools = await (await fetch(`${url}/api/admin/tools`, { headers: admin })).json();
      // A tool added after installation waits, switched off, for an admin.
      expect(tools).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            id: "sample-tables",
            name: "Sample tables",
            enabled: false,
            status: { state: "healthy" },
          }),
        ]),
      );
      const catalogueIds = async () =>
        ((await (await fetch(`${url}/api/tools`, { headers: admin })).json()) as { id: string }[])
          .map((tool) => tool.id)
          .sort();
      expect(await catalogueIds()).not.toContain("sample-tables");
      const enabled = await fetch(`${url}/api/admin/tools/sample-tables`, {
        method: "PUT",
        headers: { ...admin, "content-type": "application/json" },
        body: JSON.stringify({ enabled: true, openToEveryone: true }),
      });
      expect(enabled.status).toBe(200);
      expect(await catalogueIds()).toContain("sample-tables");

      await uploadCountExport(url, admin);
      await useInBrowser(url);
      expect(await stop(started)).toBe(0);
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

/**
 * Through the portal's gateway, as a browser would: a table uploaded, its words counted in a
 * job, the counts downloaded, and the download in the portal's audit log.
 */
async function uploadCountExport(url: string, admin: Record<string, string>): Promise<void> {
  const api = `${url}/tools/sample-tables/api`;
  const form = new FormData();
  form.set("title", "Through the gateway");
  form.set("file", new Blob(["id,answer\n1,Later buses please\n"]), "answers.csv");
  const uploaded = await fetch(`${api}/tables`, { method: "POST", headers: admin, body: form });
  expect(uploaded.status).toBe(201);
  const table = (await uploaded.json()) as { id: string };
  const started = await fetch(`${api}/tables/${table.id}/count`, {
    method: "POST",
    headers: { ...admin, "content-type": "application/json" },
    body: "{}",
  });
  expect(started.status).toBe(202);
  const job = (await started.json()) as { id: string };
  await expect
    .poll(
      async () =>
        (
          (await (await fetch(`${api}/jobs/${job.id}`, { headers: admin })).json()) as {
            state: string;
          }
        ).state,
    )
    .toBe("completed");
  const download = await fetch(`${api}/tables/${table.id}/counts.csv`, { headers: admin });
  expect(download.status).toBe(200);
  expect(await download.text()).toContain("Through the gateway,answers.csv,1,4");
  const audit = (await (
    await fetch(`${url}/api/admin/audit?action=export`, { headers: admin })
  ).json()) as { events: unknown[] };
  expect(audit.events).toEqual([
    expect.objectContaining({
      action: "export",
      actorEmail: TEST_ADMIN.email,
      target: "sample-tables",
      details: expect.objectContaining({ file: "Through the gateway word counts.csv" }),
    }),
  ]);
}

/** The generated pages in Chromium: the portal's header around them, an upload, a job, axe. */
async function useInBrowser(url: string): Promise<void> {
  const browser = await launchChromium();
  try {
    const page = await openPage(browser);
    await signInPage(page, `${url}/tools/sample-tables/`);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Tables");
    expect(await page.title()).toBe("Tables – Sample tables – Bernard");
    expect(await page.locator(".govuk-service-navigation__service-name").textContent()).toBe(
      "Sample tables",
    );
    await expect.poll(() => page.locator("main").textContent()).toContain("Through the gateway");
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByRole("button", { name: "Upload table" }).click();
    await expect
      .poll(() => page.locator(".govuk-error-summary li").allTextContents())
      .toEqual(["Enter a title", "Select a file"]);
    expect(await page.title()).toBe("Error: Tables – Sample tables – Bernard");
    expect(await accessibilityViolations(page)).toEqual([]);

    // GOV.UK's double-click protection ignores a second press of the button within a second.
    await page.waitForTimeout(1_000);
    await page.locator("#title").fill("Typed in the browser");
    await page.locator("#file").setInputFiles({
      name: "answers.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("id,answer\n1,One two three\n2,Four\n"),
    });
    await page.getByRole("button", { name: "Upload table" }).click();
    await expect.poll(() => page.locator("h1").textContent()).toBe("Typed in the browser");
    expect(await page.title()).toBe("Typed in the browser – Sample tables – Bernard");
    await page.getByRole("button", { name: "Count words" }).click();
    await expect.poll(() => page.locator("main").textContent()).toContain("6 words in 2 rows");
    // After a reload the page finds the table's job again.
    await page.reload();
    await expect
      .poll(() => page.locator(".bernard-job-panel").textContent())
      .toContain("Counting words");
    expect(await page.getByRole("link", { name: "Download the word counts (CSV)" }).count()).toBe(
      1,
    );
    await expect
      .poll(() => page.locator("main table").last().textContent())
      .toContain("Counted its words");
    expect(await accessibilityViolations(page)).toEqual([]);

    // Its owner opens it to everyone who uses the tool (the shared sharing fields).
    await page.getByRole("checkbox", { name: "Everyone who uses the sample tables" }).check();
    await page.getByRole("button", { name: "Save who can see it" }).click();
    await page.getByRole("status").filter({ hasText: "Saved who can see it." }).waitFor();
    await expect
      .poll(() => page.locator("main table").last().textContent())
      .toContain("Changed who can see it");
  } finally {
    await browser.close();
  }
}
