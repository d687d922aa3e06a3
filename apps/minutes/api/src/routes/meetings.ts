import multipart from "@fastify/multipart";
import type { Transcriber } from "@bernard/llm";
import {
  failures,
  meetingParams as params,
  meetingSchema,
  meSchema,
  newMeetingSchema,
  renameSpeakersSchema,
  sharingSchema,
  turnSchema,
  updateMeetingSchema,
} from "@bernard/minutes-contract";
import { AppError, type ToolRoutes } from "@bernard/toolkit";
import { z } from "zod";
import { isAdmin, meetingGuards } from "../services/access.js";
import type { ToolDatabase } from "../services/database.js";
import {
  createMeeting,
  findMeeting,
  listMeetings,
  renameSpeakers,
  saveTranscript,
  shareMeeting,
  transcriptTurns,
  updateMeeting,
} from "../services/meetings.js";
import { TranscriptError } from "../transcripts/index.js";
import { personOf } from "./person.js";

/** Largest transcript accepted: a day-long meeting's Word transcript is a few megabytes. */
/** A transcript is far smaller; a recording of a long meeting can be this big. */
export const TRANSCRIPT_LIMIT_BYTES = 100 * 1024 * 1024;

/** Meetings, their details, sharing, transcript and speakers. */
export function meetingRoutes(db: ToolDatabase, transcriber: Transcriber | undefined): ToolRoutes {
  const { canSee } = meetingGuards(db);
  return async (api) => {
    await api.register(multipart, { limits: { fileSize: TRANSCRIPT_LIMIT_BYTES, files: 1 } });

    api.get("/me", { schema: { response: { 200: meSchema } } }, async (request) => ({
      id: request.user!.sub,
      name: request.user!.name,
      groups: request.user!.groups,
      isAdmin: isAdmin(request.user!),
    }));

    api.get(
      "/meetings",
      { schema: { response: { 200: z.array(meetingSchema), ...failures } } },
      async (request) => listMeetings(db, personOf(request)),
    );

    api.post(
      "/meetings",
      { schema: { body: newMeetingSchema, response: { 201: meetingSchema, ...failures } } },
      async (request, reply) =>
        reply.code(201).send(await createMeeting(db, request.body, personOf(request))),
    );

    api.get(
      "/meetings/:id",
      {
        preValidation: canSee("meeting"),
        schema: { params, response: { 200: meetingSchema, ...failures } },
      },
      async (request) => findMeeting(db, request.params.id),
    );

    api.put(
      "/meetings/:id",
      {
        preValidation: canSee("meeting"),
        schema: {
          params,
          body: updateMeetingSchema,
          response: { 200: meetingSchema, ...failures },
        },
      },
      async (request) => updateMeeting(db, request.params.id, request.body, personOf(request)),
    );

    api.put(
      "/meetings/:id/sharing",
      {
        preValidation: canSee("meeting"),
        schema: { params, body: sharingSchema, response: { 200: meetingSchema, ...failures } },
      },
      async (request) => shareMeeting(db, request.params.id, request.body, personOf(request)),
    );

    api.post(
      "/meetings/:id/transcript",
      {
        preValidation: canSee("meeting"),
        schema: { params, response: { 201: meetingSchema, ...failures } },
      },
      async (request, reply) => {
        const file = await request.file();
        if (!file) {
          throw AppError.badRequest("Select a transcript file to upload.", [
            { field: "file", message: "Select a transcript file" },
          ]);
        }
        const bytes = await file.toBuffer().catch((error: unknown) => {
          if ((error as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE") {
            throw new AppError(
              413,
              "PAYLOAD_TOO_LARGE",
              "The file is larger than 100 MB. A transcript is much smaller: check it is the right file, or upload a long recording in parts.",
            );
          }
          throw error;
        });
        try {
          const meeting = await saveTranscript(
            db,
            request.params.id,
            { bytes, name: file.filename },
            personOf(request),
            // A recording is transcribed by the portal's model, as the person uploading it.
            transcriber && request.userToken
              ? (audio, fileName) => transcriber.transcribe(request.userToken!, audio, { fileName })
              : undefined,
          );
          return reply.code(201).send(meeting);
        } catch (error) {
          if (error instanceof TranscriptError) {
            throw AppError.badRequest(error.message, [{ field: "file", message: error.message }]);
          }
          throw error;
        }
      },
    );

    api.get(
      "/meetings/:id/turns",
      {
        preValidation: canSee("meeting"),
        schema: { params, response: { 200: z.array(turnSchema), ...failures, 410: failures[404] } },
      },
      async (request) => transcriptTurns(db, request.params.id),
    );

    api.put(
      "/meetings/:id/speakers",
      {
        preValidation: canSee("meeting"),
        schema: {
          params,
          body: renameSpeakersSchema,
          response: { 200: meetingSchema, ...failures },
        },
      },
      async (request) =>
        renameSpeakers(db, request.params.id, request.body.renames, personOf(request)),
    );
  };
}
