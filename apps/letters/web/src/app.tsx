import {
  Button,
  ErrorSummary,
  TextInput,
  Textarea,
  ToolPage,
  errorMessage,
  fieldProblems,
  formatDateTime,
  PageNotFound,
  usePageTitle,
  usePortalSession,
} from "@bernard/ui";
import { useEffect, useState, type FormEvent } from "react";
import { addNote, listNotes, type Note } from "./api.js";

const FIELDS = ["title", "body"] as const;
type Field = (typeof FIELDS)[number];

const BASE = "/tools/letters/";

/**
 * Every page sits in ToolPage, which adds the portal's header (its navigation, the user and
 * sign out) and shows "Page not found" when the API answers 404 to a page's load (useNotFound).
 * Each page names itself with usePageTitle ("<page> – Letter drafter – Bernard"). Declare each
 * page's path in the server's `pages` too (api/src/server.ts); others answer 404.
 */
export function App() {
  const path = window.location.pathname;
  return (
    <ToolPage toolName="Letter drafter" basePath={BASE}>
      {path === BASE ? (
        <NotesPage />
      ) : (
        <PageNotFound home={{ href: BASE, text: "Go to Letter drafter" }} />
      )}
    </ToolPage>
  );
}

/** An example page: a form with GOV.UK error messages, and a list from the tool's API. */
function NotesPage() {
  const { csrfToken } = usePortalSession();
  const [notes, setNotes] = useState<Note[]>();
  const [loadProblem, setLoadProblem] = useState<string>();
  const [title, setTitle] = useState("");
  const [body, setBody] = useState("");
  const [problems, setProblems] = useState<{ field: Field; message: string }[]>([]);
  usePageTitle("Notes");

  useEffect(() => {
    listNotes().then(setNotes, (error: unknown) => setLoadProblem(errorMessage(error)));
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    try {
      const added = await addNote(csrfToken, { title, body });
      setNotes((current) => [added, ...(current ?? [])]);
      setTitle("");
      setBody("");
      setProblems([]);
    } catch (error) {
      setProblems(fieldProblems(error, FIELDS, "title"));
    }
  };
  const problemFor = (field: Field) => problems.find((problem) => problem.field === field)?.message;

  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <ErrorSummary
          errors={problems.map((problem) => ({ href: `#${problem.field}`, text: problem.message }))}
        />
        <span className="govuk-caption-l">Letter drafter</span>
        <h1 className="govuk-heading-l">Notes</h1>
        <p className="govuk-body">Draft replies to correspondence from approved lines to take.</p>
        <form noValidate onSubmit={(event) => void submit(event)}>
          <TextInput
            id="title"
            name="title"
            label="Title"
            value={title}
            onChange={(event) => setTitle(event.target.value)}
            error={problemFor("title")}
          />
          <Textarea
            id="body"
            name="body"
            label="Note"
            value={body}
            onChange={(event) => setBody(event.target.value)}
            error={problemFor("body")}
          />
          <Button type="submit" preventDoubleClick>
            Add note
          </Button>
        </form>
        <h2 className="govuk-heading-m">Your notes</h2>
        {loadProblem && <p className="govuk-body">{loadProblem}</p>}
        {notes?.length === 0 && <p className="govuk-body">You have no notes yet.</p>}
        <ul className="govuk-list">
          {notes?.map((note) => (
            <li key={note.id} className="govuk-!-margin-bottom-4">
              <h3 className="govuk-heading-s govuk-!-margin-bottom-1">{note.title}</h3>
              <p className="govuk-body govuk-!-margin-bottom-1">{note.body}</p>
              <p className="govuk-body-s">{formatDateTime(note.createdAt)}</p>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
