import { execFileSync, spawnSync } from "node:child_process";
import { chmod, cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateTool } from "../src/generate-tool.js";

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
  it("creates a tool whose own tests pass", { timeout: 600_000 }, async () => {
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
    const run = (command: string, args: string[]) => {
      const result = spawnSync(command, args, { cwd: copy, encoding: "utf8", env: process.env });
      return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
    };

    const install = run("pnpm", ["install", "--offline", "--frozen-lockfile"]);
    expect(install.status, install.output).toBe(0);
    const generated = run("pnpm", ["gen", "tool", "sample-notes", "--name", "Sample notes"]);
    expect(generated.status, generated.output).toBe(0);
    expect(generated.output).toContain("Created Sample notes in apps/sample-notes");

    const tested = run("pnpm", [
      "turbo",
      "run",
      "test",
      "--filter=@bernard/sample-notes-api",
      "--output-logs=new-only",
    ]);
    expect(tested.status, tested.output).toBe(0);
    expect(tested.output).toMatch(/Tests\s+.*3 passed/);
  });
});
