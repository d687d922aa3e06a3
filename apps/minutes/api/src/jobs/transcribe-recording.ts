import {
  audioPieces,
  joinTranscriptions,
  LlmRequestError,
  NoModelConfiguredError,
  type Transcriber,
  type Transcription,
} from "@bernard/llm";
import { TRANSCRIBE_JOB } from "@bernard/minutes-contract";
import { AppError, defineJob, JobFailure, type JobContext } from "@bernard/toolkit";
import type { FileStorage } from "@bernard/toolkit/uploads";
import { z } from "zod";
import type { ToolDatabase } from "../services/database.js";
import { saveTranscript } from "../services/meetings.js";
import { noModel, TranscriptError, transcriptOfRecording } from "../transcripts/index.js";

export const transcribeInput = z.object({
  meetingId: z.uuid(),
  /** The recording's key in the tool's file storage; removed once its transcript is saved. */
  recording: z.string(),
  fileName: z.string(),
  /** A credential for the portal's gateway that outlasts the upload's request. */
  credential: z.string(),
  uploadedBy: z.object({ id: z.string(), name: z.string() }),
});

type TranscribeInput = z.infer<typeof transcribeInput>;
const RETRIES = 2;

/**
 * Transcribes an uploaded recording through the portal's model and keeps it as the meeting's
 * transcript. Each piece of the recording (one request's worth) is a step of the job, so a worker
 * that dies mid-way resumes at the first piece not yet transcribed, without paying for the
 * others again. What cannot be mended by trying again fails the job at once with what to do.
 */
export function transcribeRecordingJob(
  db: ToolDatabase,
  storage: FileStorage,
  transcriber: Transcriber | undefined,
) {
  return defineJob({
    name: TRANSCRIBE_JOB.name,
    input: transcribeInput,
    retryLimit: RETRIES,
    async run(context) {
      try {
        return await transcribe(context);
      } catch (error) {
        // The recording waits only for a run that may still come.
        if (error instanceof JobFailure || context.attempt > RETRIES)
          await storage.delete(context.input.recording);
        throw error;
      }
    },
  });

  async function transcribe({ input, progress, signal, step }: JobContext<TranscribeInput>) {
    const { fileName } = input;
    if (!transcriber) throw new JobFailure(noModel(fileName));
    const audio = Buffer.concat(await (await storage.get(input.recording)).toArray());
    const pieces = permanent(() => audioPieces(audio, fileName, transcriber.maxBytes), fileName);
    const parts: Transcription[] = [];
    for (const [index, piece] of pieces.entries()) {
      await progress({ stage: TRANSCRIBE_JOB.stages[0], done: index, total: pieces.length });
      parts.push(
        await step(`piece-${index + 1}`, () =>
          transcriber.transcribe(input.credential, piece, { signal }).catch((error: unknown) => {
            throw whyNot(error, fileName);
          }),
        ),
      );
    }
    await progress({ stage: TRANSCRIBE_JOB.stages[1], done: 0, total: 1 });
    const transcript = permanent(
      () => transcriptOfRecording(joinTranscriptions(parts), fileName),
      fileName,
    );
    const meeting = await saveTranscript(
      db,
      input.meetingId,
      transcript,
      fileName,
      input.uploadedBy,
    ).catch((error: unknown) => {
      // Deleted or agreed since the upload: trying again cannot help.
      throw error instanceof AppError ? new JobFailure(error.message) : error;
    });
    await storage.delete(input.recording);
    await progress({ stage: TRANSCRIBE_JOB.stages[1], done: 1, total: 1 });
    return { pieces: pieces.length, turns: meeting.transcript?.turns ?? 0 };
  }
}

function permanent<T>(read: () => T, fileName: string): T {
  try {
    return read();
  } catch (error) {
    throw whyNot(error, fileName);
  }
}

/**
 * A failure as the person should read it: permanent (a JobFailure) unless trying again may work
 * (the provider was busy, down or slow: those are retried by the job).
 */
function whyNot(error: unknown, fileName: string): unknown {
  if (error instanceof NoModelConfiguredError) return new JobFailure(noModel(fileName));
  if (error instanceof TranscriptError) return new JobFailure(error.message);
  if (error instanceof RangeError)
    return new JobFailure(`${fileName} could not be transcribed: ${error.message}`);
  if (error instanceof LlmRequestError) {
    const retryable = error.status === undefined || error.status === 429 || error.status >= 500;
    const failure = `${fileName} could not be transcribed: ${error.message}`;
    return retryable ? new Error(failure) : new JobFailure(failure);
  }
  return error;
}
