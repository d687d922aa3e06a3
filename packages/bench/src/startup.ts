import { spawn } from "node:child_process";
import { once } from "node:events";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { findFreePort } from "@bernard/database";

import { printTable, ratio, seconds } from "./report.js";

interface StartTiming {
  totalMs: number;
  postgresMs: number;
}

/** Runs `pnpm start` as a person would (warm install: dependencies and builds already there) until it prints its URL. */
async function timeStart(root: string, env: NodeJS.ProcessEnv): Promise<StartTiming> {
  const started = performance.now();
  // Its own process group, so Ctrl-C can be sent to the whole tree as a terminal would.
  const child = spawn("pnpm", ["start"], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stderr.on("data", (chunk: Buffer) => (output += String(chunk)));
  const totalMs = await new Promise<number>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += String(chunk);
      if (output.includes("Bernard is running at")) resolve(performance.now() - started);
    });
    child.on("exit", () => reject(new Error(`pnpm start exited before it was ready:\n${output}`)));
  });
  const postgres = /Database: .*\(ready in ([\d.]+) s\)/.exec(output);
  const exited = once(child, "exit");
  process.kill(-child.pid!, "SIGINT");
  await exited;
  return { totalMs, postgresMs: Number(postgres?.[1] ?? Number.NaN) * 1000 };
}

export async function benchStartup(root: string): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), "bernard-bench-"));
  await chmod(dataDir, 0o755);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    BERNARD_DATA_DIR: dataDir,
    BERNARD_POSTGRES_PORT: String(await findFreePort()),
    BERNARD_PORTAL_PORT: String(await findFreePort()),
    BERNARD_CONSULT_PORT: String(await findFreePort()),
  };
  delete env.DATABASE_URL;
  try {
    const first = await timeStart(root, env); // creates the cluster, migrates, seeds
    const warm = await timeStart(root, env); // the everyday case: data already there
    printTable(
      "Start-up: `pnpm start` until it prints the URL (warm install)",
      ["first start", "restart", "restart/first"],
      [
        [
          "total",
          seconds(first.totalMs),
          seconds(warm.totalMs),
          ratio(warm.totalMs, first.totalMs),
        ],
        [
          "of which PostgreSQL start",
          seconds(first.postgresMs),
          seconds(warm.postgresMs),
          ratio(warm.postgresMs, first.postgresMs),
        ],
        [
          "PostgreSQL share of total",
          pct(first.postgresMs / first.totalMs),
          pct(warm.postgresMs / warm.totalMs),
          "",
        ],
      ],
    );
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

const pct = (fraction: number) => `${(fraction * 100).toFixed(0)}%`;
