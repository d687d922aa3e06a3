import { apiRequest } from "@bernard/ui";

const API = "/tools/letters/api";

export interface Note {
  id: string;
  title: string;
  body: string;
  createdAt: string;
}

export const listNotes = () => apiRequest<Note[]>(`${API}/notes`);

export const addNote = (csrfToken: string, note: { title: string; body: string }) =>
  apiRequest<Note>(`${API}/notes`, {
    method: "POST",
    headers: { "x-csrf-token": csrfToken },
    body: JSON.stringify(note),
  });
