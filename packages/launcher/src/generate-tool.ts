import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { LaunchError } from "./config.js";

/** The first port handed to a generated tool; the portal has 3000. */
const FIRST_TOOL_PORT = 3101;
const TEMPLATE_SUFFIX = ".template";
export const TEMPLATES_DIR = path.resolve(import.meta.dirname, "../templates/tool");

/** Text that goes into TypeScript strings, JSX and Markdown as it is, so it must not need escaping. */
const plainText = (what: string, max: number) =>
  z
    .string()
    .trim()
    .min(1, `Give the tool a ${what}`)
    .max(max, `The ${what} must be ${max} characters or fewer`)
    .regex(/^[^"'`\\<>{}$]*$/, `The ${what} cannot contain quotes, backslashes, <, >, {, } or $`);

const toolOptions = z.object({
  id: z
    .string()
    .regex(
      /^[a-z][a-z0-9-]{1,30}$/,
      "The tool's name must be 2–31 lower-case letters, digits or dashes, starting with a letter (for example letters or meeting-notes)",
    )
    .refine((id) => id !== "portal", "portal is taken by the portal itself"),
  name: plainText("display name", 60).optional(),
  description: plainText("description", 300).optional(),
});

export type ToolOptions = z.input<typeof toolOptions>;

export interface GeneratedTool {
  id: string;
  name: string;
  port: number;
  /** The new app's folder, apps/<id>. */
  dir: string;
  files: string[];
}

/**
 * Writes apps/<id>/{contract,api,web} from the templates: a manifest, the API's contract, routes
 * with an upload, a job, an export, sharing and a change log on the toolkit's modules, typed
 * pages on @bernard/ui, their data, tests and a README. The launcher finds the new app by the
 * `bernard` field of its api/package.json; the portal then lists it for admins, switched off.
 */
export async function generateTool(
  root: string,
  input: ToolOptions,
  now = new Date(),
): Promise<GeneratedTool> {
  const parsed = toolOptions.safeParse(input);
  if (!parsed.success) throw new LaunchError(parsed.error.issues[0]!.message);
  const { id } = parsed.data;
  const dir = path.join(root, "apps", id);
  if (existsSync(dir)) throw new LaunchError(`apps/${id} already exists: choose another name.`);

  const name = parsed.data.name ?? titleCase(id);
  const port = (await highestAppPort(root)) + 1;
  const values: Record<string, string> = {
    __TOOL_ID__: id,
    __TOOL_SCHEMA__: id.replaceAll("-", "_"),
    __TOOL_ENV__: id.toUpperCase().replaceAll("-", "_"),
    __TOOL_NAME__: name,
    __TOOL_DESCRIPTION__: parsed.data.description ?? `${name}: describe what this tool does.`,
    __TOOL_PORT__: String(port),
    __MIGRATION_NAME__: `${now.toISOString().replace(/\D/g, "").slice(0, 14)}_init`,
  };
  const fill = (text: string) =>
    Object.entries(values).reduce((filled, [key, value]) => filled.replaceAll(key, value), text);

  const files: string[] = [];
  for (const template of await listFiles(TEMPLATES_DIR)) {
    const target = path.join(dir, fill(template).slice(0, -TEMPLATE_SUFFIX.length));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, fill(await readFile(path.join(TEMPLATES_DIR, template), "utf8")));
    files.push(path.relative(root, target));
  }
  return { id, name, port, dir, files: files.sort() };
}

/** Template files relative to the templates folder. */
async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const relative = path.join(prefix, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(dir, relative)));
    else if (entry.name.endsWith(TEMPLATE_SUFFIX)) files.push(relative);
  }
  return files;
}

/** The highest default port any app already registers, so the new tool gets the next one. */
async function highestAppPort(root: string): Promise<number> {
  let highest = FIRST_TOOL_PORT - 1;
  const appsDir = path.join(root, "apps");
  for (const entry of await readdir(appsDir, { withFileTypes: true })) {
    const packageFile = path.join(appsDir, entry.name, "api/package.json");
    if (!entry.isDirectory() || !existsSync(packageFile)) continue;
    const { bernard } = JSON.parse(await readFile(packageFile, "utf8")) as {
      bernard?: { defaultPort?: number };
    };
    highest = Math.max(highest, bernard?.defaultPort ?? 0);
  }
  return highest;
}

function titleCase(id: string): string {
  const words = id.replaceAll("-", " ");
  return words[0]!.toUpperCase() + words.slice(1);
}
