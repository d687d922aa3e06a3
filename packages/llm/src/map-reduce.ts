import type { z } from "zod";
import type { ChatMessage, LlmClient } from "./client.js";
import { runConcurrently } from "./concurrency.js";
import { estimateRun, type EstimateOptions, type RunEstimate } from "./engines.js";
import { countMessageTokens } from "./tokens.js";

/**
 * Runs `work` once under `name` and returns its result; a durable runner saves the result and
 * returns it on a later attempt instead of running `work` again. A toolkit job's `step` is one.
 * Results are saved as JSON, so they must be plain data (no Map, no Date).
 */
export type StepRunner = <T>(name: string, work: () => Promise<T>) => Promise<T>;

/** Runs every step as it comes: for the command line, evaluations, and work outside a job. */
export const runAtOnce: StepRunner = (_name, work) => work();

/** How far the work is, as a job reports it: a stage and counts. */
export interface StepProgress {
  stage: string;
  done: number;
  total: number;
}

export interface ChunkSteps<Chunk, Part> {
  chunks: Chunk[];
  /** Reads one chunk; may tell how much of the chunk it has done (in `size` units). */
  map: (chunk: Chunk, index: number, report: (doneInChunk: number) => void) => Promise<Part>;
  /** Where each chunk's result is saved; the default saves nothing (every run starts afresh). */
  step?: StepRunner;
  /** The chunk's step name, which must stay the same between attempts (default `chunk-<index>`). */
  stepName?: (index: number) => string;
  /** The stage reported while the chunks are read (default "Reading"). */
  stage?: string;
  /** What a chunk counts for in the progress (default 1: progress counts chunks). */
  size?: (chunk: Chunk) => number;
  /** Told the progress before the first chunk, as chunks go and after each; a throw stops the run. */
  progress?: (update: StepProgress) => unknown;
  /** Chunks read at the same time (default 1); each toolkit step holds a database connection meanwhile. */
  concurrency?: number;
  signal?: AbortSignal;
}

/**
 * Reads chunks as resumable steps: each chunk's result is saved by `step` as soon as it is read,
 * so a run stopped part-way (a killed worker, a failed call) resumes at the first unfinished
 * chunk and finished chunks are never read, or paid for, again. Results come back in chunk order.
 */
export async function mapInSteps<Chunk, Part>(work: ChunkSteps<Chunk, Part>): Promise<Part[]> {
  const step = work.step ?? runAtOnce;
  const stepName = work.stepName ?? ((index: number) => `chunk-${index}`);
  const stage = work.stage ?? "Reading";
  const size = work.size ?? (() => 1);
  const total = work.chunks.reduce((sum, chunk) => sum + size(chunk), 0);
  const inChunk = new Map<number, number>();
  let finished = 0;
  const done = () => finished + [...inChunk.values()].reduce((sum, part) => sum + part, 0);
  // Within a chunk, reports are best-effort; between chunks a refusal (a cancelled job) stops it.
  const reportSoon = () =>
    void Promise.resolve()
      .then(() => work.progress?.({ stage, done: done(), total }))
      .catch(() => undefined);

  await work.progress?.({ stage, done: 0, total });
  const parts = new Array<Part>(work.chunks.length);
  await runConcurrently([...work.chunks.keys()], work.concurrency ?? 1, async (index) => {
    work.signal?.throwIfAborted();
    const chunk = work.chunks[index]!;
    parts[index] = await step(stepName(index), () =>
      work.map(chunk, index, (doneInChunk) => {
        inChunk.set(index, Math.min(doneInChunk, size(chunk)));
        reportSoon();
      }),
    );
    inChunk.delete(index);
    finished += size(chunk);
    await work.progress?.({ stage, done: done(), total });
  });
  return parts;
}

export interface MapReduceSteps<Chunk, Part, Whole> extends ChunkSteps<Chunk, Part> {
  /** Combines the chunks' results, as one more step. */
  reduce: (parts: Part[]) => Promise<Whole>;
  /** The reduce step's name (default `reduce`) and stage (default "Combining"). */
  reduceStepName?: string;
  reduceStage?: string;
}

/**
 * `mapInSteps`, then the results combined in one more step (saved like the chunks'). The chunks'
 * results come back too: a resumed run whose combining step was already saved does not call
 * `reduce`, yet may still need them.
 */
export async function mapReduceInSteps<Chunk, Part, Whole>(
  work: MapReduceSteps<Chunk, Part, Whole>,
): Promise<{ parts: Part[]; whole: Whole }> {
  const parts = await mapInSteps(work);
  work.signal?.throwIfAborted();
  const stage = work.reduceStage ?? "Combining";
  await work.progress?.({ stage, done: 0, total: 1 });
  const whole = await (work.step ?? runAtOnce)(work.reduceStepName ?? "reduce", () =>
    work.reduce(parts),
  );
  await work.progress?.({ stage, done: 1, total: 1 });
  return { parts, whole };
}

/** One structured call to the model: its messages and the schema its reply must follow. */
export interface ModelCall<T> {
  messages: ChatMessage[];
  schema: z.ZodType<T>;
  prompt?: { id: string; version: string };
}

/** A model map-reduce over text chunks: what to ask of each chunk, and how to combine them. */
export interface ModelMapReduce<Part, Whole> {
  /** Cut with `chunkForCalls`, so that the run and its estimate count the same calls. */
  chunks: string[];
  map: (chunk: string, index: number) => ModelCall<Part>;
  reduce: (parts: Part[]) => ModelCall<Whole>;
  /** Reply tokens expected from each map call and from the reduce, for the estimate. */
  replyTokens?: { map: number; reduce: number };
}

export type ModelMapReduceRun = Pick<
  ChunkSteps<string, unknown>,
  "step" | "progress" | "concurrency" | "signal" | "stage"
> & {
  /** Step names are `<prefix>-<index>` and `<prefix>-reduce` (default prefix `chunk`). */
  stepPrefix?: string;
  reduceStage?: string;
};

/**
 * Map-reduce over a long document with the model: each chunk read on its own (four at a time by
 * default), each reply validated against its schema and saved as a step, then the parts combined
 * in one more validated call. With a job's `step`, a worker killed mid-run resumes without asking
 * the model again for the chunks it had finished.
 */
export async function mapReduce<Part, Whole>(
  client: LlmClient,
  spec: ModelMapReduce<Part, Whole>,
  run: ModelMapReduceRun = {},
): Promise<Whole> {
  const prefix = run.stepPrefix ?? "chunk";
  const ask = async <T>(call: ModelCall<T>) =>
    (
      await client.generateObject({
        messages: call.messages,
        schema: call.schema,
        ...(call.prompt ? { prompt: call.prompt } : {}),
        ...(run.signal ? { signal: run.signal } : {}),
      })
    ).value;
  const { whole } = await mapReduceInSteps({
    ...run,
    concurrency: run.concurrency ?? 4,
    chunks: spec.chunks,
    stepName: (index) => `${prefix}-${index}`,
    map: (chunk, index) => ask(spec.map(chunk, index)),
    reduceStepName: `${prefix}-reduce`,
    reduce: (parts) => ask(spec.reduce(parts)),
  });
  return whole;
}

/** Reply tokens expected when a map-reduce does not say (a short structured answer). */
const DEFAULT_REPLY_TOKENS = { map: 400, reduce: 800 };

/**
 * What `mapReduce` over these chunks will take: one call a chunk with its real prompt counted,
 * then the reduce, whose prompt holds every chunk's expected reply.
 */
export function estimateMapReduce<Part, Whole>(
  model: string,
  spec: ModelMapReduce<Part, Whole>,
  options: EstimateOptions = {},
): RunEstimate {
  const reply = spec.replyTokens ?? DEFAULT_REPLY_TOKENS;
  const maps = spec.chunks.map((chunk, index) => ({
    promptTokens: countMessageTokens(spec.map(chunk, index).messages),
    completionTokens: reply.map,
  }));
  const reduce = {
    promptTokens: countMessageTokens(spec.reduce([]).messages) + spec.chunks.length * reply.map,
    completionTokens: reply.reduce,
  };
  return estimateRun(model, [...maps, reduce], options);
}
