import type { Consultation, QuestionSummary } from "@bernard/consult-contract";
import { TaskList, formatDateTime, type TaskListItem } from "@bernard/ui";
import { BASE } from "./api.js";
import { engineName } from "./engine-name.js";

const COMPLETED = { text: "Completed" };
const NOT_STARTED = { text: "Not yet started", colour: "blue" } as const;
const IN_PROGRESS = { text: "In progress", colour: "light-blue" } as const;
const CANNOT_START = { text: "Cannot start yet", colour: "grey" } as const;

const count = (number: number, noun: string) =>
  `${number.toLocaleString("en-GB")} ${number === 1 ? noun : `${noun}s`}`;

/**
 * The consultation's journey as GOV.UK task lists, each step with its status and what to do
 * next: questions and import, then for each question find the themes, review, sign off, and
 * finally download. A step that cannot start yet has no link and says what comes first.
 */
export function ConsultationTasks({
  consultation,
  downloadedAt,
}: {
  consultation: Consultation;
  /** When the results were last downloaded, if ever. */
  downloadedAt: string | undefined;
}) {
  const { questions, respondents } = consultation;
  const page = `${BASE}c/${consultation.id}`;
  const unsigned = questions.filter((question) => !question.signedOffAt).length;
  const setUp: TaskListItem[] = [
    {
      title: "Add the questions",
      href: "#text",
      hint:
        questions.length === 0
          ? "As they were asked in the consultation."
          : `${count(questions.length, "question")} added.`,
      status: questions.length === 0 ? NOT_STARTED : COMPLETED,
    },
    questions.length === 0
      ? {
          title: "Import the responses",
          hint: "Add the questions first.",
          status: CANNOT_START,
        }
      : {
          title: "Import the responses",
          href: `${page}/import`,
          hint:
            respondents === 0
              ? "Upload the export from Citizen Space, Qualtrics, Microsoft Forms or a spreadsheet."
              : `${count(respondents, "respondent")} imported. Import another file to add more.`,
          status: respondents === 0 ? NOT_STARTED : COMPLETED,
        },
  ];
  const download: TaskListItem =
    respondents === 0
      ? { title: "Download the results", hint: "Import the responses first.", status: CANNOT_START }
      : {
          title: "Download the results",
          href: "#downloads",
          hint: [
            downloadedAt ? `Last downloaded ${formatDateTime(downloadedAt)}.` : "",
            unsigned > 0
              ? `${count(unsigned, "question")} not signed off yet: their themes may still change.`
              : "Every question's themes are signed off.",
          ]
            .filter(Boolean)
            .join(" "),
          status: downloadedAt ? COMPLETED : NOT_STARTED,
        };
  return (
    <>
      <h2 className="govuk-heading-m">Steps</h2>
      <TaskList id="set-up" items={setUp} />
      {questions.map((question) => (
        <section key={question.id} aria-labelledby={`steps-${question.number}`}>
          <h3 className="govuk-heading-s" id={`steps-${question.number}`}>
            Question {question.number}: {question.text}
          </h3>
          <TaskList id={`question-${question.number}`} items={questionTasks(question)} />
        </section>
      ))}
      <TaskList id="download" items={[download]} />
    </>
  );
}

/** One question's steps: find the themes, review them, sign them off. */
function questionTasks(question: QuestionSummary): TaskListItem[] {
  const themes = `${BASE}q/${question.id}`;
  if (question.responses === 0) {
    const first = "Import the responses to this question first.";
    return ["Find the themes", "Review the themes and responses", "Sign off the themes"].map(
      (title, index) => ({
        title,
        ...(index === 0 ? { hint: first } : {}),
        status: CANNOT_START,
      }),
    );
  }
  const analysed = Boolean(question.analysedAt);
  const signedOff = Boolean(question.signedOffAt);
  const notYet = "Find the themes first.";
  return [
    {
      title: "Find the themes",
      href: themes,
      hint: analysed
        ? `Found by the ${engineName(question.analysedWith)} on ${formatDateTime(question.analysedAt!)}.`
        : `${count(question.responses, "response")} to analyse.`,
      status: analysed ? COMPLETED : NOT_STARTED,
    },
    analysed
      ? {
          title: "Review the themes and responses",
          href: `${themes}/responses`,
          hint: `${question.reviewed.toLocaleString("en-GB")} of ${count(question.responses, "response")} reviewed. Rename, merge or split themes and correct responses' themes.`,
          status: signedOff ? COMPLETED : question.reviewed > 0 ? IN_PROGRESS : NOT_STARTED,
        }
      : { title: "Review the themes and responses", hint: notYet, status: CANNOT_START },
    analysed
      ? {
          title: "Sign off the themes",
          href: themes,
          hint: signedOff
            ? `Signed off by ${question.signedOffBy} on ${formatDateTime(question.signedOffAt!)}.`
            : "When the themes are right, sign them off so the results can be reported.",
          status: signedOff ? COMPLETED : NOT_STARTED,
        }
      : { title: "Sign off the themes", hint: notYet, status: CANNOT_START },
  ];
}
