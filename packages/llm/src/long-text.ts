import { RecursiveCharacterTextSplitter } from "@langchain/textsplitters";
import type { ChatMessage } from "./client.js";
import { countMessageTokens, countTokens } from "./tokens.js";

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

/** Room kept in every call for other tokenizers counting a few per cent more than ours. */
const TOKENIZER_MARGIN = 0.95;

/**
 * Chunks of `text` sized so that each, sent with `instructions`, stays within `tokensPerCall`
 * prompt tokens (e.g. 16,000 for a meeting). The run and its estimate both chunk with this, so
 * the estimate counts the calls the run will make.
 */
export async function chunkForCalls(
  text: string,
  {
    tokensPerCall,
    instructions,
    overlapTokens = 100,
  }: { tokensPerCall: number; instructions: ChatMessage[]; overlapTokens?: number },
): Promise<string[]> {
  const room = Math.floor(tokensPerCall * TOKENIZER_MARGIN) - countMessageTokens(instructions) - 4;
  if (room <= overlapTokens) {
    throw new Error(
      `The instructions leave no room for text in ${tokensPerCall} tokens a call: allow more tokens a call or shorten them.`,
    );
  }
  return splitText(text, { chunkTokens: room, overlapTokens });
}
