import { rootCertificates } from "node:tls";
import { toolManifestSchema } from "@bernard/toolkit";
import { Agent, request } from "undici";
import type { PortalDatabase } from "./database.js";

/** A tool named in the portal's configuration: its id and the address of its server. */
export interface ToolEndpoint {
  id: string;
  url: string;
}

export type ToolStatus =
  { state: "healthy" } | { state: "unreachable" | "misconfigured"; reason: string };

/** Set once the first tools have been registered: tools seen after that start switched off. */
const INITIALISED_KEY = "tools.initialised";

/**
 * How the portal connects to tools: certificates checked (against `ca`, when given, besides
 * Node's own authorities). The registry and the gateway share it.
 */
export function toolConnectOptions(ca: string | undefined) {
  // Node's `ca` replaces its built-in list: add to it, so tools with public certificates still work.
  return {
    rejectUnauthorized: true,
    ...(ca === undefined ? {} : { ca: [...rootCertificates, ca] }),
  };
}

/** How soon a catalogue read asks again a tool that has not yet described itself: doubling, up to a cap. */
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 10_000;

/**
 * The tools this portal fronts. Each is registered from configuration, then checked by reading
 * its `/manifest`, which also refreshes what the catalogue says about it.
 */
export class ToolRegistry {
  readonly #statuses = new Map<string, ToolStatus>();
  /** Tools whose manifest this process has read, so their catalogue entry is their own. */
  readonly #described = new Set<string>();
  /** When each tool not yet described may be asked again, and the wait after that. */
  readonly #retries = new Map<string, { at: number; waitMs: number }>();
  /** Checks under way, shared by everyone who asks meanwhile. */
  readonly #checking = new Map<string, Promise<ToolStatus>>();

  /** Its own connections to the tools, closed with the portal (close()). */
  readonly #agent: Agent;
  private readonly checkTimeoutMs: number;

  constructor(
    private readonly db: PortalDatabase,
    private readonly endpoints: ToolEndpoint[],
    options: { ca?: string | undefined; checkTimeoutMs?: number } = {},
  ) {
    this.#agent = new Agent({ connect: toolConnectOptions(options.ca) });
    this.checkTimeoutMs = options.checkTimeoutMs ?? 2_000;
  }

  /** Closes the connections to the tools; checks under way finish or fail first. */
  async close(): Promise<void> {
    await this.#agent.close();
  }

  /** The configured tool with this id, or undefined. */
  endpoint(id: string): ToolEndpoint | undefined {
    return this.endpoints.find((endpoint) => endpoint.id === id);
  }

  get ids(): string[] {
    return this.endpoints.map((endpoint) => endpoint.id);
  }

  /**
   * Adds a row for every configured tool not seen before. The tools present when Bernard is
   * first installed start switched on; tools added later wait for an admin to enable them.
   */
  async register(): Promise<void> {
    const initialised = await this.db.setting.findUnique({ where: { key: INITIALISED_KEY } });
    await this.db.tool.createMany({
      data: this.endpoints.map(({ id }) => ({ id, name: id, enabled: !initialised })),
      skipDuplicates: true,
    });
    if (!initialised) {
      await this.db.setting.create({ data: { key: INITIALISED_KEY, value: true } });
    }
  }

  /** The last known status of a tool, checking it now if it has not been checked yet. */
  async status(id: string): Promise<ToolStatus> {
    return this.#statuses.get(id) ?? this.check(id);
  }

  /** Reads the tool's manifest now, records its status and refreshes its catalogue entry. */
  async check(id: string): Promise<ToolStatus> {
    const endpoint = this.endpoint(id);
    if (!endpoint) return { state: "misconfigured", reason: "Not in BERNARD_TOOLS." };
    const running = this.#checking.get(id);
    if (running) return running;
    const checking = this.#readManifest(endpoint)
      .then((status) => {
        this.#statuses.set(id, status);
        this.#noteAnswer(id, status);
        return status;
      })
      .finally(() => this.#checking.delete(id));
    this.#checking.set(id, checking);
    return checking;
  }

  /**
   * Before the catalogue is read: asks each tool that has not described itself yet (one that
   * was still starting when the portal did) again, each at most once per back-off, so a tool
   * that starts late shows its own name and description as soon as it answers.
   */
  async describeTheUndescribed(): Promise<void> {
    const now = Date.now();
    const due = this.ids.filter(
      (id) => !this.#described.has(id) && (this.#retries.get(id)?.at ?? 0) <= now,
    );
    await Promise.all(due.map((id) => this.check(id)));
  }

  #noteAnswer(id: string, status: ToolStatus): void {
    if (status.state === "healthy") {
      this.#described.add(id);
      this.#retries.delete(id);
      return;
    }
    const retry = this.#retries.get(id);
    // Another failure while waiting (an admin opening the Tools page) does not lengthen the wait.
    if (this.#described.has(id) || (retry && Date.now() < retry.at)) return;
    const waitMs = retry?.waitMs ?? FIRST_RETRY_MS;
    this.#retries.set(id, { at: Date.now() + waitMs, waitMs: Math.min(waitMs * 2, MAX_RETRY_MS) });
  }

  async checkAll(): Promise<void> {
    await Promise.all(this.ids.map((id) => this.check(id)));
  }

  async #readManifest(endpoint: ToolEndpoint): Promise<ToolStatus> {
    let body: unknown;
    try {
      const response = await request(new URL("/manifest", endpoint.url), {
        dispatcher: this.#agent,
        signal: AbortSignal.timeout(this.checkTimeoutMs),
      });
      if (response.statusCode < 200 || response.statusCode >= 300) {
        await response.body.dump();
        return {
          state: "unreachable",
          reason: `Its manifest answered HTTP ${response.statusCode}.`,
        };
      }
      body = await response.body.json();
    } catch {
      return { state: "unreachable", reason: `No answer from ${endpoint.url}.` };
    }
    const parsed = toolManifestSchema.safeParse(body);
    if (!parsed.success) return { state: "misconfigured", reason: "Its manifest is not valid." };
    const manifest = parsed.data;
    if (manifest.id !== endpoint.id || manifest.basePath !== `/tools/${endpoint.id}/`) {
      return {
        state: "misconfigured",
        reason: `It calls itself "${manifest.id}" at ${manifest.basePath}, not "${endpoint.id}" at /tools/${endpoint.id}/.`,
      };
    }
    await this.db.tool.update({
      where: { id: endpoint.id },
      data: {
        name: manifest.name,
        description: manifest.description,
        version: manifest.version,
        roles: manifest.roles,
      },
    });
    return { state: "healthy" };
  }
}
