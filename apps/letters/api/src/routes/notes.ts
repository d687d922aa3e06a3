import type { ToolRoutes } from "@bernard/toolkit";
import { z } from "zod";
import type { ToolDatabase } from "../services/database.js";
import { addNote, listNotes } from "../services/notes.js";

const note = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  createdAt: z.string(),
});

const newNote = z.object({
  title: z
    .string()
    .trim()
    .min(1, "Enter a title")
    .max(120, "Title must be 120 characters or fewer"),
  body: z
    .string()
    .trim()
    .min(1, "Enter the note")
    .max(5_000, "Note must be 5,000 characters or fewer"),
});

/** Each person's own notes: an example of a route with zod schemas, to replace with the tool's own. */
export function noteRoutes(db: ToolDatabase): ToolRoutes {
  return async (api) => {
    api.get(
      "/notes",
      { schema: { tags: ["notes"], response: { 200: z.array(note) } } },
      async (request) => listNotes(db, request.user!.sub),
    );

    api.post(
      "/notes",
      { schema: { tags: ["notes"], body: newNote, response: { 201: note } } },
      async (request, reply) =>
        reply.code(201).send(await addNote(db, request.user!.sub, request.body)),
    );
  };
}
