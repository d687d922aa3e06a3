import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { UserClaims } from "@bernard/auth";
import type { ModelAccess, Transcriber } from "@bernard/llm";
import { startTestTool } from "@bernard/toolkit/testing";
import { localDiskStorage } from "@bernard/toolkit/uploads";
import { manifest } from "../src/manifest.js";
import { buildServer } from "../src/server.js";

export const secretary: UserClaims = {
  sub: "user-secretary",
  name: "Sue Secretary",
  email: "sue@example.gov.uk",
  roles: ["user"],
  groups: ["Transport board"],
};
/** The meeting's chair, in the board's group. */
export const chair: UserClaims = {
  sub: "user-chair",
  name: "Priya Shah",
  email: "priya@example.gov.uk",
  roles: ["user"],
  groups: ["Transport board"],
};
/** Someone the meeting is not shared with. */
export const outsider: UserClaims = {
  sub: "user-outsider",
  name: "Olly Outsider",
  email: "olly@example.gov.uk",
  roles: ["user"],
  groups: ["Other team"],
};
export const admin: UserClaims = {
  ...outsider,
  sub: "user-admin",
  name: "Ada Admin",
  roles: ["admin"],
};

export const fixture = (name: string) =>
  readFile(path.resolve(import.meta.dirname, "fixtures", name));

/** The summariser's server on a free port with its own database; the tests play the portal. */
export async function startMinutes(
  options: {
    models?: ModelAccess;
    transcriber?: Transcriber;
    /** "web": this process answers requests only, and separate workers run the jobs. */
    role?: "web";
  } = {},
) {
  const { server, database, origin, portal, as } = await startTestTool(
    { id: manifest.id, schema: "minutes" },
    async (settings) =>
      buildServer({
        ...settings,
        models: options.models,
        transcriber: options.transcriber,
        role: options.role,
        storage: localDiskStorage(await mkdtemp(path.join(tmpdir(), "minutes-uploads-"))),
      }),
  );

  const upload = (
    user: UserClaims,
    meetingId: string,
    name: string,
    content: Uint8Array | string,
  ) => as(user).upload(`/meetings/${meetingId}/transcript`, { name, content });

  /** A meeting shared with the board, the depot review transcript uploaded and drafted offline. */
  const draftedMeeting = async () => {
    const created = await (
      await as(secretary).post("/meetings", {
        title: "Depot review",
        date: "2026-03-04",
        chair: "Priya Shah",
        template: "formal",
        sharedWith: ["Transport board"],
      })
    ).json();
    await upload(
      secretary,
      created.id,
      "depot-review.vtt",
      await fixture("meetings/depot-review.vtt"),
    );
    const job = await (await as(secretary).post(`/meetings/${created.id}/draft`, {})).json();
    const finished = await as(secretary).finished(job.id);
    return { id: created.id as string, job: finished };
  };

  return { server, database, origin, portal, as, upload, draftedMeeting };
}
