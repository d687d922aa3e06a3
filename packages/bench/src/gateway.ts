import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import {
  createDatabase,
  findFreePort,
  migrate,
  startEmbeddedPostgres,
  withDatabase,
} from "@bernard/database";
import { discoverApps, readLauncherConfig } from "@bernard/launcher";
import { printTable, ratio } from "./report.js";

const SECONDS = 5;
const CONCURRENCY = 16;
const ADMIN = { email: "bench@example.gov.uk", password: "gateway lantern meadow" };
/** The goal for the gateway: at least this share of direct throughput... */
const GOAL_THROUGHPUT_RATIO = 0.7;
/** ...and at most this much added to the median latency. */
const GOAL_P50_OVERHEAD_MS = 2;

interface LoadResult {
  perSecond: number;
  p50: number;
  p99: number;
}

/**
 * Requests per second and latency for one small JSON request to a tool: straight to the tool's
 * port with a valid user token, and through the portal's gateway (session lookup, access check,
 * token, proxy). Portal and tool run as their own processes, as `pnpm start` runs them.
 */
export async function benchGateway(root: string): Promise<void> {
  const apps = await discoverApps(readLauncherConfig(root, process.env));
  const portal = apps.find((app) => app.id === "portal")!;
  const dataDir = await mkdtemp(path.join(tmpdir(), "bernard-bench-gateway-"));
  await chmod(dataDir, 0o755); // PostgreSQL's own user must pass through it when run as root
  const postgres = await startEmbeddedPostgres({
    directory: dataDir,
    port: await findFreePort(),
    ephemeral: true,
  });
  const children: ChildProcess[] = [];
  try {
    await createDatabase(postgres.url, "bench");
    const database = { url: withDatabase(postgres.url, "bench"), schema: "portal" };
    await migrate(database, portal.migrationsDir);
    await portal.seed!(database, {
      BERNARD_ADMIN_EMAIL: ADMIN.email,
      BERNARD_ADMIN_PASSWORD: ADMIN.password,
    });

    const [portalPort, toolPort] = [await findFreePort(), await findFreePort()];
    const portalUrl = `http://127.0.0.1:${portalPort}`;
    const toolUrl = `http://127.0.0.1:${toolPort}`;
    children.push(
      await startProcess(path.resolve(import.meta.dirname, "gateway-tool.js"), toolUrl, {
        PORT: String(toolPort),
        BERNARD_PORTAL_URL: portalUrl,
      }),
      await startProcess(portal.mainScript, portalUrl, {
        PORT: String(portalPort),
        DATABASE_URL: database.url,
        BERNARD_TOOLS: `bench=${toolUrl}`,
        BERNARD_PUBLIC_URL: portalUrl,
        BERNARD_COOKIE_SECURE: "false",
        LOG_LEVEL: "warn",
      }),
    );

    const session = await signIn(portalUrl);
    const { authorization } = (await (
      await fetch(`${portalUrl}/tools/bench/api/token`, { headers: session })
    ).json()) as { authorization: string };
    const gateway = `${portalUrl}/tools/bench/api/ping`;
    const direct = `${toolUrl}/tools/bench/api/ping`;
    await load(gateway, session, 1); // warm up both paths (JIT, connections, JWKS fetch)
    await load(direct, { authorization }, 1);
    // Other work on the machine skews both paths; the load shows how far to trust one run.
    const loadBefore = loadavg()[0]!;
    const throughPortal = await load(gateway, session, SECONDS);
    const straight = await load(direct, { authorization }, SECONDS);

    const ms = (value: number) => `${value.toFixed(1)} ms`;
    printTable(
      `Gateway: GET a small JSON answer for ${SECONDS} s, ${CONCURRENCY} requests in flight`,
      ["through portal", "direct to tool", "portal/direct"],
      [
        [
          "requests per second",
          throughPortal.perSecond.toFixed(0),
          straight.perSecond.toFixed(0),
          ratio(throughPortal.perSecond, straight.perSecond),
        ],
        [
          "latency p50",
          ms(throughPortal.p50),
          ms(straight.p50),
          ratio(throughPortal.p50, straight.p50),
        ],
        [
          "latency p99",
          ms(throughPortal.p99),
          ms(straight.p99),
          ratio(throughPortal.p99, straight.p99),
        ],
      ],
    );
    const throughput = throughPortal.perSecond / straight.perSecond;
    const overhead = throughPortal.p50 - straight.p50;
    const met = throughput >= GOAL_THROUGHPUT_RATIO && overhead <= GOAL_P50_OVERHEAD_MS;
    console.log(
      `Goal: >= ${GOAL_THROUGHPUT_RATIO.toFixed(2)}× direct throughput and p50 overhead <= ` +
        `${GOAL_P50_OVERHEAD_MS} ms. Measured: ${throughput.toFixed(2)}× and ` +
        `${overhead >= 0 ? "+" : ""}${ms(overhead)}: goal ${met ? "met" : "not met"}.`,
    );
    console.log(
      `Machine load (1-minute average) before: ${loadBefore.toFixed(2)}, after: ` +
        `${loadavg()[0]!.toFixed(2)} on ${availableParallelism()} cores.`,
    );
  } finally {
    await Promise.all(children.map(stopProcess));
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

async function startProcess(
  script: string,
  url: string,
  env: Record<string, string>,
): Promise<ChildProcess> {
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, HOST: "127.0.0.1", ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`);
    if ((await fetch(`${url}/ready`).catch(() => undefined))?.ok) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${script} was not ready within 30 s`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  await exited;
}

async function signIn(portalUrl: string): Promise<Record<string, string>> {
  const response = await fetch(`${portalUrl}/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(ADMIN),
  });
  if (!response.ok) throw new Error(`Signing in answered ${response.status}`);
  return { cookie: response.headers.get("set-cookie")!.split(";")[0]! };
}

/** CONCURRENCY loops sending the request until the time is up; every answer must be 200. */
async function load(
  url: string,
  headers: Record<string, string>,
  seconds: number,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < deadline) {
        const sent = performance.now();
        const response = await fetch(url, { headers });
        await response.arrayBuffer();
        if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
        latencies.push(performance.now() - sent);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]!;
  return { perSecond: latencies.length / elapsed, p50: percentile(0.5), p99: percentile(0.99) };
}
