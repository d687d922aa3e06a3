import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  expirySchema,
  failures,
  importResultSchema,
  lineDetailSchema,
  lineListQuery,
  lineParams as params,
  lineSchema,
  withdrawSchema,
} from "@bernard/letters-contract";
import type { ToolRoutes } from "@bernard/toolkit";
import { viewerOf } from "@bernard/toolkit/sharing";
import { UnreadableFileError } from "@bernard/toolkit/uploads";
import { z } from "zod";
import { importLines } from "../lines/import.js";
import { callerOf } from "../services/change-log.js";
import type { ToolDatabase } from "../services/database.js";
import {
  findLine,
  listLines,
  saveImportedLines,
  setLineExpiry,
  withdrawLine,
} from "../services/lines.js";
import { fileProblem, uploadedFile } from "./uploads.js";

/**
 * Lines to take: the department's knowledge base, which everyone who uses the tool reads and
 * curates (a line's :id names nothing shared with some people only, so its routes are not scoped).
 */
export function lineRoutes(db: ToolDatabase): ToolRoutes {
  const notScoped = { access: "not-scoped" } as const;
  return async (api) => {
    api.get(
      "/lines",
      {
        schema: { querystring: lineListQuery, response: { 200: z.array(lineSchema), ...failures } },
      },
      async (request) => listLines(db, request.query),
    );

    api.post(
      "/lines/import",
      {
        schema: {
          description:
            "Imports lines from JSON Lines, CSV or Word; the form's `owner` names the team.",
          response: { 200: importResultSchema, ...failures },
        },
      },
      async (request) => {
        const upload = await request.file();
        const owner = upload?.fields.owner;
        const file = await uploadedFile(upload, "a JSON Lines, CSV or Word file of lines");
        // The importer reads from a path (CSV and JSON Lines are streamed row by row).
        const folder = await mkdtemp(path.join(tmpdir(), "letters-import-"));
        try {
          const saved = path.join(folder, path.basename(file.name) || "lines");
          await writeFile(saved, file.bytes);
          const imported = await importLines(saved, file.name);
          const team = owner && "value" in owner ? String(owner.value).trim().slice(0, 200) : "";
          return await saveImportedLines(db, imported, team, callerOf(request), file.name);
        } catch (error) {
          if (error instanceof UnreadableFileError) throw fileProblem(error.message);
          throw error;
        } finally {
          await rm(folder, { recursive: true, force: true });
        }
      },
    );

    api.get(
      "/lines/:id",
      { config: notScoped, schema: { params, response: { 200: lineDetailSchema, ...failures } } },
      async (request) => findLine(db, request.params.id, viewerOf(request.user!)),
    );

    api.post(
      "/lines/:id/withdraw",
      {
        config: notScoped,
        schema: { params, body: withdrawSchema, response: { 200: lineSchema, ...failures } },
      },
      async (request) =>
        withdrawLine(db, request.params.id, request.body.reason, callerOf(request)),
    );

    api.put(
      "/lines/:id/expiry",
      {
        config: notScoped,
        schema: { params, body: expirySchema, response: { 200: lineSchema, ...failures } },
      },
      async (request) =>
        setLineExpiry(db, request.params.id, request.body.expiresOn, callerOf(request)),
    );
  };
}
