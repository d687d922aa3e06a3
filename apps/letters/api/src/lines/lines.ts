/** An approved line to take: the only source of policy a draft may use. */
export interface Line {
  id: string;
  title?: string;
  topic: string;
  text: string;
  /** YYYY-MM-DD */
  approvedOn: string;
  /** YYYY-MM-DD: the last day the line may be used. */
  expiresOn?: string;
  status: "current" | "withdrawn";
}

/** Whether a line may be used in a draft written on `date` (YYYY-MM-DD). */
export function isUsable(line: Line, date: string): boolean {
  return line.status === "current" && (line.expiresOn === undefined || line.expiresOn >= date);
}

/** Why a line may not be used on `date`, for the person, or undefined when it may. */
export function whyUnusable(line: Line, date: string): string | undefined {
  if (line.status === "withdrawn") return `Line ${line.id} has been withdrawn.`;
  if (line.expiresOn !== undefined && line.expiresOn < date)
    return `Line ${line.id} expired on ${line.expiresOn}.`;
  return undefined;
}
