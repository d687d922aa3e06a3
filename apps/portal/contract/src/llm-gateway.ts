import { z } from "zod";

/*
 * The OpenAI-compatible gateway tools call with their user or job token. The gateway reads only
 * what it needs of each request and passes everything else, and the provider's answers, as sent.
 */

/** `POST /api/llm/v1/chat/completions`. */
export const chatCompletionBody = z
  .object({
    messages: z
      .array(z.object({ role: z.string(), content: z.unknown() }).loose())
      .min(1, "Send at least one message"),
    stream: z.boolean().optional(),
    temperature: z.number().min(0).max(2).optional(),
  })
  .loose();

/** The provider's chat completion (`stream: false`), passed on whole. */
export const chatCompletionSchema = z.looseObject({ choices: z.array(z.unknown()) });

/** The streamed completion (`stream: true`). */
export const chatCompletionStream = z
  .string()
  .describe("Server-Sent Events, each a chat.completion.chunk, ending with data: [DONE]");

/** `POST /api/llm/v1/embeddings`. */
export const embeddingsBody = z
  .object({ input: z.union([z.string(), z.array(z.string()).min(1).max(2048)]) })
  .loose();

/** The provider's embeddings, one per input, passed on whole. */
export const embeddingsSchema = z.looseObject({ data: z.array(z.unknown()) });

/** `POST /api/llm/v1/audio/transcriptions`: JSON, or text with `response_format` text, srt or vtt. */
export const transcriptionSchema = z.looseObject({ text: z.string() });
export const transcriptionText = z.string().describe("The transcript as text, SRT or WebVTT");

/** `GET /api/llm/v1/models`: the model chosen for the calling tool. */
export const modelListSchema = z.object({
  object: z.literal("list"),
  data: z.array(z.object({ id: z.string(), object: z.literal("model"), owned_by: z.string() })),
});

/** `POST /api/llm/job-tokens`: a 24-hour token for background work as the same person. */
export const jobTokenSchema = z.object({ token: z.string(), expiresAt: z.string() });
export type JobToken = z.infer<typeof jobTokenSchema>;
