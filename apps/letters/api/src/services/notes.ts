import type { ToolDatabase } from "./database.js";

export interface NoteView {
  id: string;
  title: string;
  body: string;
  createdAt: string;
}

/** The notes this person wrote, newest first. */
export async function listNotes(db: ToolDatabase, authorId: string): Promise<NoteView[]> {
  const notes = await db.note.findMany({
    where: { authorId },
    orderBy: { createdAt: "desc" },
    take: 100,
  });
  return notes.map(toView);
}

export async function addNote(
  db: ToolDatabase,
  authorId: string,
  input: { title: string; body: string },
): Promise<NoteView> {
  return toView(await db.note.create({ data: { authorId, ...input } }));
}

function toView(note: { id: string; title: string; body: string; createdAt: Date }): NoteView {
  return {
    id: note.id,
    title: note.title,
    body: note.body,
    createdAt: note.createdAt.toISOString(),
  };
}
