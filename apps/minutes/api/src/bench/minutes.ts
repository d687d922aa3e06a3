import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { fastestAllowed, printTable, ratio, seconds, tokensThrough } from "@bernard/bench";
import { LlmClient } from "@bernard/llm";
import { startFakeOpenAi } from "@bernard/llm/testing";
import { draftMinutesWithModel, estimateModelDraft } from "../engine/model.js";
import { offlineStandIn } from "../engine/stand-in-model.js";
import { syntheticMeeting } from "./synthetic-meeting.js";

const SIZES = [10_000, 25_000, 60_000];
const MODEL_WORDS = 60_000;
const MODEL_LATENCY_MS = 2_000;
const MODEL_LIMITS = { requestsPerMinute: 60, tokensPerMinute: 100_000 };

/**
 * The minute summariser: the offline engine's time and peak memory on meetings of 10,000 to
 * 60,000 words beside merely reading and tokenising them; the model engine on a 60,000-word
 * meeting against a fake provider with latency and per-minute limits, as a share of the fastest
 * those limits allow.
 */
export async function benchMinutes(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), "bernard-bench-minutes-"));
  try {
    await offlineEngine(dir);
    await modelEngine();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function measure(mode: "floor" | "offline", file: string) {
  const child = path.join(import.meta.dirname, "minutes-child.js");
  const { stdout } = await promisify(execFile)(process.execPath, [child, mode, file], {
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(stdout) as { ms: number; peakRssMb: number; result: number };
}

async function offlineEngine(dir: string): Promise<void> {
  const rows: [string, ...string[]][] = [];
  for (const words of SIZES) {
    const turns = syntheticMeeting(words);
    const file = path.join(dir, `meeting-${words}.txt`);
    await writeFile(file, turns.map((turn) => `${turn.speaker}: ${turn.text}`).join("\n"));
    const floor = await measure("floor", file);
    const engine = await measure("offline", file);
    rows.push([
      `${words.toLocaleString("en-GB")} words, ${turns.length} turns`,
      seconds(engine.ms),
      seconds(floor.ms),
      ratio(engine.ms, floor.ms),
      `${engine.peakRssMb.toFixed(0)} MB`,
      `${floor.peakRssMb.toFixed(0)} MB`,
      String(engine.result),
    ]);
  }
  printTable(
    "Offline engine: read the transcript, draft the minutes (each size in its own process; goal: 25,000 words under 5 s)",
    [
      "offline draft",
      "read + tokenise only",
      "draft/floor",
      "peak memory",
      "floor peak memory",
      "items",
    ],
    rows,
  );
}

async function modelEngine(): Promise<void> {
  const fake = await startFakeOpenAi({
    reply: offlineStandIn(),
    latencyMs: MODEL_LATENCY_MS,
    limits: MODEL_LIMITS,
  });
  try {
    const turns = syntheticMeeting(MODEL_WORDS);
    const client = new LlmClient({
      provider: { kind: "openai-compatible", baseUrl: fake.url },
      model: "gpt-4o-mini",
      limits: MODEL_LIMITS,
      timeoutMs: 60_000,
    });
    const estimate = await estimateModelDraft(turns, { model: "gpt-4o-mini" });
    const started = performance.now();
    const minutes = await draftMinutesWithModel(turns, { client });
    const wallMs = performance.now() - started;
    const tokens = tokensThrough(fake);
    const requests = fake.chatRequests();
    const answered = requests.filter((request) => request.outcome === 200).length;
    const fastest = fastestAllowed(
      tokens.prompt + tokens.completion,
      answered,
      MODEL_LIMITS,
      MODEL_LATENCY_MS,
    );
    printTable(
      `Model engine against a fake provider: ${MODEL_WORDS.toLocaleString("en-GB")}-word meeting, ${MODEL_LATENCY_MS} ms latency, limits ${MODEL_LIMITS.requestsPerMinute} requests and ${MODEL_LIMITS.tokensPerMinute.toLocaleString("en-GB")} tokens per minute`,
      ["measured", "fastest the limits allow", "efficiency"],
      [
        [
          "wall time",
          seconds(wallMs),
          seconds(fastest),
          `${((100 * fastest) / wallMs).toFixed(0)}%`,
        ],
      ],
    );
    printTable(
      "Model engine: requests and tokens",
      ["measured", "estimated before the run"],
      [
        ["requests answered", String(answered), String(estimate.requests)],
        [
          "requests refused (429)",
          String(requests.filter((request) => request.outcome === 429).length),
          "0",
        ],
        [
          "prompt tokens",
          tokens.prompt.toLocaleString("en-GB"),
          estimate.promptTokens.toLocaleString("en-GB"),
        ],
        [
          "reply tokens",
          tokens.completion.toLocaleString("en-GB"),
          estimate.completionTokens.toLocaleString("en-GB"),
        ],
        [
          "items / points cited",
          `${minutes.items.length} / ${minutes.items.flatMap((item) => item.points).length}`,
          "",
        ],
      ],
    );
  } finally {
    await fake.close();
  }
}
