import { randomUUID } from "node:crypto";
import multipart from "@fastify/multipart";
import {
  failures,
  jobSnapshotSchema,
  meetingParams as params,
  meetingSchema,
  newMeetingSchema,
  renameSpeakersSchema,
  sharingSchema,
  TRANSCRIBE_JOB,
  turnSchema,
  updateMeetingSchema,
} from "@bernard/minutes-contract";
import { AppError, type ToolRoutes } from "@bernard/toolkit";
import type { FileStorage } from "@bernard/toolkit/uploads";
import { z } from "zod";
import { meetingGuards } from "../services/access.js";
import type { ToolDatabase } from "../services/database.js";
import {
  assertMayReplaceTranscript,
  createMeeting,
  findMeeting,
  listMeetings,
  renameSpeakers,
  saveTranscript,
  shareMeeting,
  transcriptTurns,
  updateMeeting,
} from "../services/meetings.js";
import { isRecording, noModel, readTranscript, TranscriptError } from "../transcripts/index.js";
import { personOf } from "@bernard/toolkit/sharing";

/** A recording of a long meeting can be this big; a transcript is far smaller. */
export const TRANSCRIPT_LIMIT_BYTES = 100 * 1024 * 1024;

/** How recordings come in: where they wait for the job, and the model the person may use. */
export interface RecordingIntake {
  storage: FileStorage;
  /** The portal's model for this person, with a credential for the job; none without one. */
  modelFor(userToken: string | null | undefined): Promise<{ credential: string } | undefined>;
}

/** Meetings, their details, sharing, transcript and speakers. */
export function meetingRoutes(db: ToolDatabase, recordings: RecordingIntake): ToolRoutes {
  const { canSee } = meetingGuards(db);
  return async (api) => {
    await api.register(multipart, { limits: { fileSize: TRANSCRIPT_LIMIT_BYTES, files: 1 } });

    api.get(
      "/meetings",
      { schema: { response: { 200: z.array(meetingSchema), ...failures } } },
      async (request) => listMeetings(db, personOf(request.user!)),
    );

    api.post(
      "/meetings",
      { schema: { body: newMeetingSchema, response: { 201: meetingSchema, ...failures } } },
      async (request, reply) =>
        reply.code(201).send(await createMeeting(db, request.body, personOf(request.user!))),
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
      async (request) =>
        updateMeeting(db, request.params.id, request.body, personOf(request.user!)),
    );

    api.put(
      "/meetings/:id/sharing",
      {
        preValidation: canSee("meeting"),
        schema: { params, body: sharingSchema, response: { 200: meetingSchema, ...failures } },
      },
      async (request) => shareMeeting(db, request.params.id, request.body, personOf(request.user!)),
    );

    api.post(
      "/meetings/:id/transcript",
      {
        preValidation: canSee("meeting"),
        schema: {
          params,
          response: { 201: meetingSchema, 202: jobSnapshotSchema, ...failures },
        },
      },
      async (request, reply) => {
        const file = await request.file();
        if (!file) {
          throw AppError.badRequest("Select a transcript file to upload.", [
            { field: "file", message: "Select a transcript file" },
          ]);
        }
        const refuse = (message: string) =>
          AppError.badRequest(message, [{ field: "file", message }]);
        const tooLarge = new AppError(
          413,
          "PAYLOAD_TOO_LARGE",
          "The file is larger than 100 MB. A transcript is much smaller: check it is the right file, or upload a long recording in parts.",
        );
        // Multipart says so by this error, or by a stream cut off at the limit.
        const sizeProblem = (error: unknown) =>
          (error as { code?: string }).code === "FST_REQ_FILE_TOO_LARGE" ? tooLarge : error;
        if (isRecording(file.filename)) {
          await assertMayReplaceTranscript(db, request.params.id);
          const model = await recordings.modelFor(request.userToken);
          if (!model) throw refuse(noModel(file.filename));
          // Kept in file storage, streamed, for the job; a worker may be another process.
          const recording = randomUUID();
          await recordings.storage.put(recording, file.file).catch((error: unknown) => {
            throw sizeProblem(error);
          });
          try {
            if (file.file.truncated) throw tooLarge;
            const job = await api.jobs.enqueue(
              TRANSCRIBE_JOB.name,
              {
                meetingId: request.params.id,
                recording,
                fileName: file.filename,
                credential: model.credential,
                uploadedBy: personOf(request.user!),
              },
              {
                startedBy: request.user!.sub,
                subject: { kind: TRANSCRIBE_JOB.kind, id: request.params.id },
              },
            );
            return await reply.code(202).send(job);
          } catch (error) {
            await recordings.storage.delete(recording);
            throw error;
          }
        }
        const bytes = await file.toBuffer().catch((error: unknown) => {
          throw sizeProblem(error);
        });
        const transcript = await readTranscript(bytes, file.filename).catch((error: unknown) => {
          throw error instanceof TranscriptError ? refuse(error.message) : error;
        });
        return reply
          .code(201)
          .send(
            await saveTranscript(
              db,
              request.params.id,
              transcript,
              file.filename,
              personOf(request.user!),
            ),
          );
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
        renameSpeakers(db, request.params.id, request.body.renames, personOf(request.user!)),
    );
  };
}
