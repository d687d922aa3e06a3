import { RecursiveCharacterTextSplitter } from "@langchain/textsplitters";
import type { z } from "zod";
import type { ChatMessage, LlmClient } from "./client.js";
import { runConcurrently } from "./concurrency.js";
import { countTokens } from "./tokens.js";

/**
 * Cuts a long text (a meeting transcript, a long response) into chunks of at most `chunkTokens`
 * tokens, at paragraph, then line, then sentence, then word boundaries, with some overlap so
 * that nothing said across a boundary is lost. LangChain's recursive splitter, counting with
 * Bernard's tokenizer.
 */
export async function splitText(
  text: string,
  {
    chunkTokens = 2_000,
    overlapTokens = 100,
  }: { chunkTokens?: number; overlapTokens?: number } = {},
): Promise<string[]> {
  const splitter = new RecursiveCharacterTextSplitter({
    chunkSize: chunkTokens,
    chunkOverlap: overlapTokens,
    lengthFunction: countTokens,
    separators: ["\n\n", "\n", ". ", " ", ""],
  });
  return splitter.splitText(text);
}

/**
 * Map-reduce over a long document: each chunk is read on its own (several at a time), then the
 * partial answers are combined in one more call. Both steps are validated against their schemas.
 */
export async function mapReduce<Part, Whole>(
  client: LlmClient,
  options: {
    chunks: string[];
    map: (chunk: string, index: number) => { messages: ChatMessage[]; schema: z.ZodType<Part> };
    reduce: (parts: Part[]) => { messages: ChatMessage[]; schema: z.ZodType<Whole> };
    concurrency?: number;
  },
): Promise<Whole> {
  const parts: Part[] = new Array<Part>(options.chunks.length);
  await runConcurrently([...options.chunks.keys()], options.concurrency ?? 4, async (index) => {
    parts[index] = (await client.generateObject(options.map(options.chunks[index]!, index))).value;
  });
  return (await client.generateObject(options.reduce(parts))).value;
}
