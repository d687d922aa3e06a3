import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { chmod, mkdtemp, readFile, rm } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import {
  createDatabase,
  findFreePort,
  migrate,
  startEmbeddedPostgres,
  withDatabase,
} from "@bernard/database";
import { printTable, ratio } from "@bernard/bench";
import { Pool } from "undici";
import { mainScript, migrationsDir, seed } from "../launch.js";

const SECONDS = 5;
/** Each path's SECONDS are split into this many rounds, taken in turn with the other path's. */
const ROUNDS = 10;
/** Requests in flight while throughput is measured. */
const CONCURRENCY = 16;
const ADMIN = { email: "bench@example.gov.uk", password: "gateway lantern meadow" };
/** The goal for the gateway: at least this share of direct throughput... */
const GOAL_THROUGHPUT_RATIO = 0.7;
/** ...and at most this much added to the median latency. */
const GOAL_P50_OVERHEAD_MS = 2;
/** Linux's unit for a process's CPU time in /proc (USER_HZ, 100 on every common build). */
const CLOCK_TICKS_PER_SECOND = 100;

interface LoadResult {
  perSecond: number;
  p50: number;
  p99: number;
  /** Milliseconds of CPU time the answering server used per request; -1 where unknown. */
  cpuPerRequest: number;
  /** Milliseconds of CPU time the benchmark's own client used per request. */
  clientCpuPerRequest: number;
}

/**
 * Requests per second and latency for one small JSON request to a tool: straight to the tool's
 * port with a valid user token, and through the portal's gateway (session lookup, access check,
 * token, proxy), and through the portal's forwarder with no checks and no Fastify (the ceiling:
 * what proxying alone costs here). Portal, tool and bare proxy run as their own processes, as
 * `pnpm start` runs the first two.
 */
export async function benchGateway(): Promise<void> {
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
    await migrate(database, migrationsDir);
    await seed(database, {
      BERNARD_ADMIN_EMAIL: ADMIN.email,
      BERNARD_ADMIN_PASSWORD: ADMIN.password,
    });

    const [portalPort, toolPort] = [await findFreePort(), await findFreePort()];
    const portalUrl = `http://127.0.0.1:${portalPort}`;
    const toolUrl = `http://127.0.0.1:${toolPort}`;
    const [tool, portalProcess] = [
      await startProcess(path.resolve(import.meta.dirname, "gateway-tool.js"), toolUrl, {
        PORT: String(toolPort),
        BERNARD_PORTAL_URL: portalUrl,
      }),
      await startProcess(mainScript, portalUrl, {
        PORT: String(portalPort),
        DATABASE_URL: database.url,
        BERNARD_TOOLS: `bench=${toolUrl}`,
        BERNARD_PUBLIC_URL: portalUrl,
        BERNARD_COOKIE_SECURE: "false",
        LOG_LEVEL: "warn",
      }),
    ];
    children.push(tool, portalProcess);

    const session = await signIn(portalUrl);
    const { authorization } = (await (
      await fetch(`${portalUrl}/tools/bench/api/token`, { headers: session })
    ).json()) as { authorization: string };
    // The same forwarder with nothing in front of it: what proxying alone costs on this machine.
    const proxyPort = await findFreePort();
    const proxyUrl = `http://127.0.0.1:${proxyPort}`;
    const bareProxy = await startProcess(
      path.resolve(import.meta.dirname, "bare-proxy.js"),
      proxyUrl,
      {
        PORT: String(proxyPort),
        BENCH_TOOL_URL: toolUrl,
        BENCH_TOKEN: authorization.replace(/^Bearer /, ""),
      },
    );
    children.push(bareProxy);
    const gateway = `${portalUrl}/tools/bench/api/ping`;
    const direct = `${toolUrl}/tools/bench/api/ping`;
    const bare = `${proxyUrl}/tools/bench/api/ping`;
    // Throughput with many requests in flight; the latency the gateway adds with one at a time
    // (under saturation a request's latency is mostly its wait in the queue, which the
    // throughput ratio already shows).
    const loaded = [
      new Path(gateway, session, portalProcess, CONCURRENCY),
      new Path(direct, { authorization }, tool, CONCURRENCY),
      new Path(bare, {}, bareProxy, CONCURRENCY),
    ] as const;
    const single = [
      new Path(gateway, session, portalProcess, 1),
      new Path(direct, { authorization }, tool, 1),
      new Path(bare, {}, bareProxy, 1),
    ] as const;
    // Warm up every path (JIT, connections, JWKS fetch), then forget it.
    for (const path of loaded) {
      await path.run(1);
      path.reset();
    }
    // Other work on the machine skews both paths; the load shows how far to trust one run. The
    // paths take turns in short rounds so that both see the same machine.
    const loadBefore = loadavg()[0]!;
    for (let round = 0; round < ROUNDS; round++) {
      for (const path of [...loaded, ...single]) await path.run(SECONDS / ROUNDS / 2);
    }
    const [portalFigures, toolFigures, bareFigures] = loaded.map((path) => path.figures()) as [
      LoadResult,
      LoadResult,
      LoadResult,
    ];
    const [portalAlone, toolAlone, bareAlone] = single.map((path) => path.figures()) as [
      LoadResult,
      LoadResult,
      LoadResult,
    ];
    await Promise.all([...loaded, ...single].map((path) => path.close()));

    const ms = (value: number) => `${value.toFixed(1)} ms`;
    printTable(
      `Gateway: GET a small JSON answer for ${SECONDS} s each way (${ROUNDS} rounds in turn), half with ${CONCURRENCY} requests in flight, half one at a time`,
      ["through portal", "direct to tool", "portal/direct", "bare proxy", "bare/direct"],
      [
        [
          `requests per second (${CONCURRENCY} in flight)`,
          ...compared(portalFigures.perSecond, toolFigures.perSecond, bareFigures.perSecond, (n) =>
            n.toFixed(0),
          ),
        ],
        [
          `latency p50 (${CONCURRENCY} in flight)`,
          ...compared(portalFigures.p50, toolFigures.p50, bareFigures.p50, ms),
        ],
        [
          "latency p50 (one at a time)",
          ...compared(portalAlone.p50, toolAlone.p50, bareAlone.p50, ms),
        ],
        [
          "latency p99 (one at a time)",
          ...compared(portalAlone.p99, toolAlone.p99, bareAlone.p99, ms),
        ],
      ],
    );
    // CPU time hardly depends on what else the machine is doing, unlike the figures above.
    if (portalFigures.cpuPerRequest >= 0 && toolFigures.cpuPerRequest >= 0) {
      console.log(
        `CPU time per request: portal ${ms(portalFigures.cpuPerRequest)} (through the gateway), ` +
          `tool ${ms(toolFigures.cpuPerRequest)} (direct), bare proxy ` +
          `${ms(bareFigures.cpuPerRequest)}; this benchmark's client ` +
          `${ms(portalFigures.clientCpuPerRequest)}, ${ms(toolFigures.clientCpuPerRequest)} and ` +
          `${ms(bareFigures.clientCpuPerRequest)}.`,
      );
    }
    const throughput = portalFigures.perSecond / toolFigures.perSecond;
    const overhead = portalAlone.p50 - toolAlone.p50;
    const met = throughput >= GOAL_THROUGHPUT_RATIO && overhead <= GOAL_P50_OVERHEAD_MS;
    console.log(
      `Goal: >= ${GOAL_THROUGHPUT_RATIO.toFixed(2)}× direct throughput and p50 overhead (one at a time) <= ` +
        `${GOAL_P50_OVERHEAD_MS} ms. Measured: ${throughput.toFixed(2)}× and ` +
        `${overhead >= 0 ? "+" : ""}${ms(overhead)}: goal ${met ? "met" : "not met"}.`,
    );
    const bareRatio = bareFigures.perSecond / toolFigures.perSecond;
    console.log(
      `A proxy that checks nothing (the portal's forwarder alone, no Fastify) reaches ` +
        `${bareRatio.toFixed(2)}× direct: the checks cost the portal ` +
        `${(100 * (1 - throughput / bareRatio)).toFixed(0)}% of that, the rest is the hop itself ` +
        `on a machine where the client, the proxy and the tool share ${availableParallelism()} cores.`,
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

/** A figure through the portal, direct, and through the bare proxy, each proxy's against direct. */
function compared(
  portal: number,
  direct: number,
  bare: number,
  format: (value: number) => string,
): string[] {
  return [format(portal), format(direct), ratio(portal, direct), format(bare), ratio(bare, direct)];
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

/** CPU time (user and system) a child process has used, from Linux's /proc; -1 elsewhere. */
async function cpuMs(child: ChildProcess): Promise<number> {
  const stat = await readFile(`/proc/${child.pid}/stat`, "utf8").catch(() => undefined);
  if (!stat) return -1;
  // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
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

/**
 * One way of reaching the tool, measured over several rounds: `concurrency` loops send the request
 * until a round's time is up, and every answer must be 200. The server's CPU time is counted
 * for the rounds only (`server` is the process that answers first: the portal or the tool).
 *
 * The client is undici's connection pool rather than `fetch`: on a two-core machine the client
 * shares the cores with the servers, and `fetch` spends more CPU per request than either server,
 * which would measure the client more than the gateway. The client's own CPU is still reported.
 */
class Path {
  #latencies: number[] = [];
  #elapsedMs = 0;
  #cpuMs = 0;
  #clientCpuMs = 0;
  readonly #pool: Pool;
  readonly #path: string;

  constructor(
    url: string,
    private readonly headers: Record<string, string>,
    private readonly server: ChildProcess,
    private readonly concurrency: number,
  ) {
    const { origin, pathname } = new URL(url);
    this.#pool = new Pool(origin, { connections: concurrency });
    this.#path = pathname;
  }

  async run(seconds: number): Promise<void> {
    const cpuBefore = await cpuMs(this.server);
    const clientBefore = process.cpuUsage();
    const started = performance.now();
    const deadline = started + seconds * 1000;
    await Promise.all(
      Array.from({ length: this.concurrency }, async () => {
        while (performance.now() < deadline) {
          const sent = performance.now();
          const { statusCode, body } = await this.#pool.request({
            path: this.#path,
            method: "GET",
            headers: this.headers,
          });
          await body.arrayBuffer();
          if (statusCode !== 200) throw new Error(`${this.#path} answered ${statusCode}`);
          this.#latencies.push(performance.now() - sent);
        }
      }),
    );
    this.#elapsedMs += performance.now() - started;
    const client = process.cpuUsage(clientBefore);
    this.#clientCpuMs += (client.user + client.system) / 1000;
    const cpuAfter = await cpuMs(this.server);
    this.#cpuMs = cpuBefore < 0 || this.#cpuMs < 0 ? -1 : this.#cpuMs + cpuAfter - cpuBefore;
  }

  reset(): void {
    this.#latencies = [];
    this.#elapsedMs = 0;
    this.#cpuMs = 0;
    this.#clientCpuMs = 0;
  }

  close(): Promise<void> {
    return this.#pool.close();
  }

  figures(): LoadResult {
    const latencies = this.#latencies.toSorted((a, b) => a - b);
    const percentile = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]!;
    return {
      perSecond: (latencies.length * 1000) / this.#elapsedMs,
      p50: percentile(0.5),
      p99: percentile(0.99),
      cpuPerRequest: this.#cpuMs < 0 ? -1 : this.#cpuMs / latencies.length,
      clientCpuPerRequest: this.#clientCpuMs / latencies.length,
    };
  }
}
