import { z } from "zod";

export const ROLES = ["user", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const toolManifestSchema = z.object({
  /** Stable identifier, used in URLs (/tools/<id>/), database schema names and configuration. */
  id: z
    .string()
    .regex(
      /^[a-z][a-z0-9-]{1,30}$/,
      "use 2–31 lower-case letters, digits or dashes, starting with a letter",
    ),
  name: z.string().min(1).max(60),
  description: z.string().min(1).max(300),
  version: z.string().regex(/^\d+\.\d+\.\d+(?:-[\w.]+)?$/, "use a semantic version such as 1.0.0"),
  /** Where the tool's UI and API live on the portal origin; the tool serves everything under it. */
  basePath: z
    .string()
    .regex(/^\/(?:[a-z0-9-]+\/)*$/, "start and end with / (for example /tools/minutes/)"),
  /** Roles that may open the tool (admins narrow this further by group). */
  roles: z.array(z.enum(ROLES)).min(1).default(["user", "admin"]),
  /** What the tool relies on: "model" means it is better with a model and still works without one. */
  capabilities: z.array(z.enum(["model", "jobs", "uploads"])).default([]),
});

export type ToolManifest = z.output<typeof toolManifestSchema>;
export type ToolManifestInput = z.input<typeof toolManifestSchema>;

/** Validates a tool's manifest when the tool is defined, so a mistake fails at start-up with the field named. */
export function defineTool(manifest: ToolManifestInput): ToolManifest {
  const parsed = toolManifestSchema.safeParse(manifest);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join(".")}: ${issue.message}`,
    );
    throw new Error(`The tool manifest is not valid:\n  ${problems.join("\n  ")}`);
  }
  return parsed.data;
}
