import { z } from "zod";
import type { ChatMessage, ChatRequest, LlmClient } from "./client.js";
import { LlmRequestError, StructuredOutputError } from "./errors.js";
import { runConcurrently } from "./concurrency.js";
import { countTokens } from "./tokens.js";

/** One thing to process: its ID comes back with its result. */
export interface BatchItem {
  id: string;
  text: string;
}

export interface BatchOptions<Result> {
  items: BatchItem[];
  /** The instructions (system message, examples); the items follow as one JSON user message. */
  instructions: ChatMessage[];
  /** What the model returns for each item (without the id, which the batch adds). */
  resultSchema: z.ZodObject;
  /** Most prompt tokens in one request, items and instructions together. */
  tokenBudget: number;
  /** Most items in one request, however small (default 50). */
  maxItemsPerBatch?: number;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  /** Passed with every request (prompt version, attribution, redaction). */
  request?: Omit<ChatRequest, "messages" | "jsonSchema">;
  /** Told as each request finishes: items settled so far, of all. */
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
  /** Typed results; by default the schema's own output. */
  parse?: (value: unknown) => Result;
}

export interface BatchOutcome<Result> {
  /** Every item that came back valid, exactly once, in the order given. */
  results: { id: string; result: Result }[];
  /** Items that still failed after being retried on their own, with why. */
  unprocessed: { id: string; reason: string }[];
  stats: {
    batches: number;
    /** Items that were missing, malformed or duplicated in a batch reply and went again alone. */
    retriedAlone: number;
  };
}

/**
 * Runs many items through a model in batches sized by a token budget, several requests at a
 * time, and checks that every input ID comes back exactly once with a valid result. Items that
 * are missing, malformed or duplicated are retried individually; what still fails is returned as
 * `unprocessed` with the reason. Nothing is dropped silently.
 */
export async function processBatch<Result = Record<string, unknown>>(
  client: LlmClient,
  options: BatchOptions<Result>,
): Promise<BatchOutcome<Result>> {
  const ids = new Set<string>();
  for (const item of options.items) {
    if (ids.has(item.id)) throw new Error(`Item ID ${item.id} appears twice: IDs must be unique.`);
    ids.add(item.id);
  }
  const parse = options.parse ?? ((value: unknown) => options.resultSchema.parse(value) as Result);
  const replySchema = z.object({
    results: z.array(options.resultSchema.extend({ id: z.string() })),
  });
  const settled = new Map<string, Result>();
  const unprocessed = new Map<string, string>();
  const retryAlone: BatchItem[] = [];
  let batchCount = 0;
  const report = () => options.onProgress?.(settled.size + unprocessed.size, options.items.length);

  const send = async (batch: BatchItem[]) => {
    batchCount += 1;
    const messages: ChatMessage[] = [
      ...options.instructions,
      { role: "user", content: JSON.stringify({ items: batch }) },
    ];
    const reply = await client.chat({
      ...options.request,
      messages,
      jsonSchema: {
        name: "batch_results",
        schema: z.toJSONSchema(replySchema),
      },
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return reply.content;
  };

  await runConcurrently(
    planBatches(
      options.items,
      options.instructions,
      options.tokenBudget,
      options.maxItemsPerBatch ?? 50,
    ),
    options.concurrency ?? 4,
    async (batch) => {
      let content: string;
      try {
        content = await send(batch);
      } catch (error) {
        if (!(error instanceof LlmRequestError)) throw error;
        // The whole request failed after its retries: each item gets its own chance.
        retryAlone.push(...batch);
        return;
      }
      const { valid, invalid } = checkReply(content, batch, parse);
      for (const [id, result] of valid) settled.set(id, result);
      retryAlone.push(...batch.filter((item) => invalid.has(item.id)));
      report();
    },
  );

  const retriedAlone = retryAlone.length;
  await runConcurrently(
    retryAlone.map((item) => [item]),
    options.concurrency ?? 4,
    async ([item]) => {
      try {
        const { valid, invalid } = checkReply(await send([item!]), [item!], parse);
        if (valid.has(item!.id)) settled.set(item!.id, valid.get(item!.id)!);
        else unprocessed.set(item!.id, invalid.get(item!.id) ?? "no result");
      } catch (error) {
        if (!(error instanceof LlmRequestError || error instanceof StructuredOutputError))
          throw error;
        unprocessed.set(item!.id, error.message);
      }
      report();
    },
  );

  return {
    results: options.items
      .filter((item) => settled.has(item.id))
      .map((item) => ({ id: item.id, result: settled.get(item.id)! })),
    unprocessed: options.items
      .filter((item) => unprocessed.has(item.id))
      .map((item) => ({ id: item.id, reason: unprocessed.get(item.id)! })),
    stats: { batches: batchCount, retriedAlone },
  };
}

/**
 * Items in order, cut into batches that stay under the token budget with the instructions
 * included. An item too large for any batch goes alone (the model will say if it is too long).
 */
export function planBatches(
  items: BatchItem[],
  instructions: ChatMessage[],
  tokenBudget: number,
  maxItems: number,
): BatchItem[][] {
  // Instructions, the JSON envelope, and a margin for other tokenizers.
  const fixed = instructions.reduce(
    (total, message) => total + 4 + countTokens(message.content),
    20,
  );
  const room = Math.max(1, Math.floor((tokenBudget - fixed) * 0.95));
  const batches: BatchItem[][] = [];
  let current: BatchItem[] = [];
  let used = 0;
  for (const item of items) {
    const cost = countTokens(JSON.stringify(item)) + 1;
    if (current.length > 0 && (used + cost > room || current.length >= maxItems)) {
      batches.push(current);
      current = [];
      used = 0;
    }
    current.push(item);
    used += cost;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** Which items of a batch came back exactly once and valid, and why the others did not. */
function checkReply<Result>(
  content: string,
  batch: BatchItem[],
  parse: (value: unknown) => Result,
): { valid: Map<string, Result>; invalid: Map<string, string> } {
  const valid = new Map<string, Result>();
  const invalid = new Map<string, string>();
  let entries: unknown[];
  try {
    const reply = JSON.parse(content) as { results?: unknown };
    entries = Array.isArray(reply.results) ? reply.results : [];
  } catch {
    for (const item of batch) invalid.set(item.id, "the reply was not valid JSON");
    return { valid, invalid };
  }
  const wanted = new Set(batch.map((item) => item.id));
  const seen = new Map<string, number>();
  for (const entry of entries) {
    const id = (entry as { id?: unknown } | null)?.id;
    if (typeof id === "string" && wanted.has(id)) seen.set(id, (seen.get(id) ?? 0) + 1);
  }
  for (const entry of entries) {
    const { id, ...rest } = (entry ?? {}) as { id?: unknown };
    if (typeof id !== "string" || !wanted.has(id)) continue; // an ID nobody asked about
    if (seen.get(id)! > 1) {
      invalid.set(id, "it came back more than once");
      continue;
    }
    try {
      valid.set(id, parse(rest));
    } catch (error) {
      invalid.set(
        id,
        `its result was not valid: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  for (const item of batch) {
    if (!valid.has(item.id) && !invalid.has(item.id))
      invalid.set(item.id, "it was missing from the reply");
  }
  return { valid, invalid };
}
