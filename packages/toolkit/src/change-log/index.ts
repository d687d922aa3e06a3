import { z } from "zod";

/** Who made a change: a person (as the portal's token names them), or the AI (an engine). */
export type ChangeAuthor =
  { kind: "person"; id: string; name: string } | { kind: "ai"; id: string; name: string };

/** The offline engine, as the author of what it wrote, in any tool's change log. */
export const OFFLINE_ENGINE: ChangeAuthor = {
  kind: "ai",
  id: "offline-engine",
  name: "Offline engine",
};

/** The portal's AI model, as the author of what it wrote (by name, where the tool knows it). */
export const modelAuthor = (model?: string): ChangeAuthor =>
  model
    ? { kind: "ai", id: `model:${model}`, name: `AI model (${model})` }
    : { kind: "ai", id: "model", name: "AI model" };

/** A change as the API sends it and `<ChangeLog>` (from @bernard/ui) shows it. */
export const changeSchema = z.object({
  at: z.string(),
  actorName: z.string(),
  source: z.enum(["person", "ai"]),
  action: z.string(),
  details: z.record(z.string(), z.unknown()),
});
export type Change = z.infer<typeof changeSchema>;

/** What a change's details may hold, as JSON. */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** A change as a tool's table keeps it (the columns of its `change` table). */
export interface StoredChange {
  at: Date;
  actorId: string;
  actorName: string;
  source: string;
  action: string;
  details: unknown;
}

/**
 * A tool's change log: the kinds of change it records (`defineChangeLog(["theme.added", …])`),
 * so recording one it did not declare is a type error, and the rows to store and to show.
 * Free of any database: the tool writes the row in the same transaction as the change itself.
 */
export function defineChangeLog<const Action extends string>(actions: readonly Action[]) {
  const known = new Set<string>(actions);
  return {
    actions,
    /**
     * The row to store for one change: who made it, what, and its details, with the values
     * before and after when the change replaced something (JSON only: dates as strings).
     */
    entry: (change: {
      action: Action;
      by: ChangeAuthor;
      details?: Record<string, unknown>;
      before?: unknown;
      after?: unknown;
    }): Omit<StoredChange, "at"> & { details: { [key: string]: JsonValue } } => {
      if (!known.has(change.action)) throw new Error(`Undeclared change: ${change.action}`);
      const details = {
        ...change.details,
        ...(change.before !== undefined && { before: change.before }),
        ...(change.after !== undefined && { after: change.after }),
      };
      return {
        actorId: change.by.id,
        actorName: change.by.name,
        source: change.by.kind,
        action: change.action,
        details: JSON.parse(JSON.stringify(details)) as { [key: string]: JsonValue },
      };
    },
    /** A stored change as the API sends it. */
    view: (stored: StoredChange): Change => ({
      at: stored.at.toISOString(),
      actorName: stored.actorName,
      source: stored.source === "ai" ? "ai" : "person",
      action: stored.action,
      details: (stored.details ?? {}) as Record<string, unknown>,
    }),
  };
}
