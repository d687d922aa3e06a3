import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { discoverApps, readLauncherConfig } from "@bernard/launcher";
import type { Benchmarks } from "./index.js";
import { benchJobs } from "./jobs.js";
import { benchLlm } from "./llm.js";
import { benchStartup } from "./startup.js";

const root = path.resolve(import.meta.dirname, "../../..");
const context = { root };

/** The platform's own suites, then each app's (the `benchmarks` module its launch.js names). */
const suites: Benchmarks = { llm: benchLlm };
for (const app of await discoverApps(readLauncherConfig(root, process.env))) {
  if (!app.benchmarks) continue;
  const { benchmarks } = (await import(pathToFileURL(app.benchmarks).href)) as {
    benchmarks: Benchmarks;
  };
  for (const [name, run] of Object.entries(benchmarks)) {
    if (name in suites || name === "platform") {
      throw new Error(`Two benchmarks are called "${name}" (one is ${app.id}'s): rename one.`);
    }
    suites[name] = run;
  }
}
const { gateway } = suites;
suites.platform = async () => {
  await benchStartup(root);
  await benchJobs();
  await gateway?.(context);
};

const [suite = "platform"] = process.argv.slice(2);
const run = suites[suite];
if (!run) {
  console.error(`Unknown benchmark "${suite}". Choose one of: ${Object.keys(suites).join(", ")}.`);
  process.exit(2);
}
console.log(
  `Bernard benchmark "${suite}" on Node ${process.version}, ${os.cpus().length} cores, ${new Date().toISOString()}`,
);
await run(context);
