import { Tiktoken } from "js-tiktoken/lite";
import o200kBase from "js-tiktoken/ranks/o200k_base";

let encoder: Tiktoken | undefined;

/**
 * Tokens in a text, counted with the o200k_base encoding (GPT-4o and later). Other providers'
 * tokenizers differ by a few per cent; batches are sized with headroom for that.
 */
export function countTokens(text: string): number {
  encoder ??= new Tiktoken(o200kBase);
  return encoder.encode(text).length;
}

/** Tokens a chat request's messages take, with the few each message adds for its role. */
export function countMessageTokens(messages: { role: string; content: string }[]): number {
  return messages.reduce((total, message) => total + 4 + countTokens(message.content), 3);
}
