import multipart from "@fastify/multipart";
import { peekToken, type TokenIssuer } from "@bernard/auth";
import {
  chatCompletionBody,
  chatCompletionSchema,
  chatCompletionStream,
  embeddingsBody,
  embeddingsSchema,
  jobTokenSchema,
  modelListSchema,
  transcriptionSchema,
  transcriptionText,
} from "@bernard/portal-contract";
import { z } from "zod";
import { AppError, type ToolRoutes } from "@bernard/toolkit";
import type { FastifyReply } from "fastify";
import { CALLER_TOKEN, toolCallerGuard } from "../plugins/tool-caller.js";
import type { LlmGateway } from "../services/llm-gateway.js";
import { jobAudience, type CallerCheck } from "../services/tool-callers.js";

const transcriptReply = z.union([transcriptionSchema, transcriptionText]);

const AUDIO_LIMIT_BYTES = 25 * 1024 * 1024;

/**
 * The OpenAI-compatible LLM gateway tools call with their user token (or a job token):
 * `/api/llm/v1/chat/completions` (JSON and streamed), `/embeddings`, `/audio/transcriptions`,
 * `/models`; and `/api/llm/job-tokens`, which trades a user token for a 24-hour token that
 * background work uses for the same person and tool.
 */
export function llmGatewayRoutes(options: {
  gateway: LlmGateway;
  checkCaller: CallerCheck;
  jobTokens: TokenIssuer;
}): ToolRoutes {
  const { gateway } = options;
  return async (api) => {
    await api.register(multipart, { limits: { fileSize: AUDIO_LIMIT_BYTES, files: 1 } });
    // Every route here: tools call them with a user or job token, not a session.
    api.addHook("onRequest", toolCallerGuard(api, options.checkCaller, "user or job token"));

    api.post(
      "/job-tokens",
      {
        config: CALLER_TOKEN,
        schema: {
          tags: ["llm"],
          response: { 201: jobTokenSchema },
        },
      },
      async (request, reply) => {
        const caller = request.toolCaller!;
        if (caller.viaJobToken) {
          throw new AppError(403, "FORBIDDEN", "A job token cannot be traded for another one.");
        }
        // The gateway looks the person up again on every call, so the token names them only.
        const token = await options.jobTokens.issue(
          {
            sub: caller.userId,
            name: caller.userEmail,
            email: caller.userEmail,
            roles: [],
            groups: [],
          },
          jobAudience(caller.toolId),
        );
        return reply
          .code(201)
          .send({ token, expiresAt: peekToken(token).expiresAt!.toISOString() });
      },
    );

    api.get(
      "/v1/models",
      { config: CALLER_TOKEN, schema: { tags: ["llm"], response: { 200: modelListSchema } } },
      async (request) => ({
        object: "list" as const,
        data: [
          {
            id: await gateway.modelFor(request.toolCaller!.toolId),
            object: "model" as const,
            owned_by: "bernard",
          },
        ],
      }),
    );

    api.post(
      "/v1/chat/completions",
      {
        config: CALLER_TOKEN,
        schema: {
          tags: ["llm"],
          body: chatCompletionBody,
          response: {
            200: {
              description: "The completion, or with stream: true its chunks as they come",
              content: {
                "application/json": { schema: chatCompletionSchema },
                "text/event-stream": { schema: chatCompletionStream },
              },
            },
          },
        },
      },
      async (request, reply) => {
        const result = await gateway.chat(request.toolCaller!, request.body);
        // The provider's completion, passed on whole (spread into a plain object for its type).
        if (result.kind === "json") return { ...result.completion };
        return streamChunks(reply, result.chunks);
      },
    );

    api.post(
      "/v1/embeddings",
      {
        config: CALLER_TOKEN,
        schema: { tags: ["llm"], body: embeddingsBody, response: { 200: embeddingsSchema } },
      },
      async (request) => ({ ...(await gateway.embed(request.toolCaller!, request.body)) }),
    );

    api.post(
      "/v1/audio/transcriptions",
      {
        config: CALLER_TOKEN,
        schema: {
          tags: ["llm"],
          response: {
            200: {
              description: "The transcript, in the response_format asked for",
              content: {
                "application/json": { schema: transcriptionSchema },
                "text/plain": { schema: transcriptionText },
              },
            },
          },
        },
      },
      async (request) => {
        const fields: Record<string, string> = {};
        let audio: { data: Buffer; filename: string; mimetype: string } | undefined;
        for await (const part of request.parts()) {
          if (part.type === "file") {
            audio = {
              data: await part.toBuffer(),
              filename: part.filename,
              mimetype: part.mimetype,
            };
          } else if (part.fieldname !== "model" && typeof part.value === "string") {
            fields[part.fieldname] = part.value;
          }
        }
        if (!audio) throw AppError.badRequest('Send the recording as the multipart field "file".');
        // The SDK answers JSON or, for response_format text, srt or vtt, a string.
        return transcriptReply.parse(await gateway.transcribe(request.toolCaller!, audio, fields));
      },
    );
  };
}

/** Server-Sent Events in the OpenAI format, ending with [DONE]. */
async function streamChunks(
  reply: FastifyReply,
  chunks: AsyncIterable<unknown>,
): Promise<FastifyReply> {
  reply.raw.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-cache",
    "x-accel-buffering": "no",
  });
  for await (const chunk of chunks) reply.raw.write(`data: ${JSON.stringify(chunk)}\n\n`);
  reply.raw.end("data: [DONE]\n\n");
  return reply;
}
