import { minutesSchema, type ActionListQuery, type ActionRow } from "@bernard/minutes-contract";
import { csvFrom } from "@bernard/toolkit/exports";
import { visibleWhere, type Viewer } from "@bernard/toolkit/sharing";
import type { ToolDatabase } from "./database.js";

/**
 * The actions in the current minutes of every meeting the person may see: theirs (owned by
 * their name) or the whole team's, open, done or overdue (open and past its due date).
 */
export async function listActions(
  db: ToolDatabase,
  viewer: Viewer & { name: string },
  query: ActionListQuery,
  today = new Date().toISOString().slice(0, 10),
): Promise<ActionRow[]> {
  const meetings = await db.meeting.findMany({
    where: visibleWhere(viewer),
    include: { versions: { orderBy: { number: "desc" }, take: 1 } },
    orderBy: { date: "desc" },
  });
  const me = viewer.name.trim().toLowerCase();
  const rows = meetings.flatMap((meeting) => {
    const latest = meeting.versions[0];
    if (!latest) return [];
    return minutesSchema.parse(latest.minutes).actions.map((action, index) => ({
      meetingId: meeting.id,
      meetingTitle: meeting.title,
      meetingDate: meeting.date,
      index,
      text: action.text,
      owner: action.owner,
      due: action.due,
      status: action.status,
      overdue: action.status === "open" && action.due !== null && action.due < today,
    }));
  });
  return rows.filter(
    (row) =>
      (query.scope === "team" || row.owner?.trim().toLowerCase() === me) &&
      (query.filter === "all" ||
        (query.filter === "overdue" ? row.overdue : row.status === query.filter)),
  );
}

export function actionsCsv(rows: ActionRow[]): string {
  return csvFrom([
    ["Meeting", "Meeting date", "Action", "Owner", "Due", "Status"],
    ...rows.map((row) => [
      row.meetingTitle,
      row.meetingDate,
      row.text,
      row.owner ?? "",
      row.due ?? "",
      row.overdue ? "overdue" : row.status,
    ]),
  ]);
}
