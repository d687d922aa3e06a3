import { randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import path from "node:path";
import type { AppDatabase } from "@bernard/database";
import { uploadStorage } from "@bernard/toolkit/uploads";
import { importUpload, withoutSteps } from "./jobs/import-responses.js";
import { manifest } from "./manifest.js";
import { createToolDatabase } from "./services/database.js";

/** What the launcher needs to know to migrate, seed and start this tool. */
export const migrationsDir = path.resolve(import.meta.dirname, "../prisma/migrations");
export const mainScript = path.resolve(import.meta.dirname, "main.js");
/** This app's suites for `pnpm bench` (a module exporting `benchmarks`). */
export const benchmarks = path.resolve(import.meta.dirname, "bench/index.js");

/** The launcher's settings this tool reads besides its own `BERNARD_CONSULT_…` ones. */
export const settings = ["BERNARD_DATA_DIR"];

const SAMPLE = path.resolve(import.meta.dirname, "../samples/citizen-space.csv");
const DEMO_TITLE = "Evening bus services in Westshire (demo)";

/**
 * On the first start, a demo consultation to explore: the sample Citizen Space export, imported
 * with its two questions. Safe to call on every start.
 */
export async function seed(
  database: AppDatabase,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string[]> {
  const db = createToolDatabase(database);
  const storage = uploadStorage(manifest.id, env);
  try {
    if ((await db.consultation.count()) > 0) return [];
    const consultation = await db.consultation.create({
      data: {
        title: DEMO_TITLE,
        ownerId: "bernard",
        ownerName: "Bernard (demo)",
        openToEveryone: true,
        opensOn: new Date("2026-02-01"),
        closesOn: new Date("2026-02-28"),
        questions: {
          create: [
            {
              number: 1,
              text: "Do you agree with the proposal to cut evening bus services? Please explain your answer.",
              hasClosedPart: true,
            },
            { number: 2, text: "What else should the council consider?" },
          ],
        },
      },
      include: { questions: { orderBy: { number: "asc" } } },
    });
    const id = randomUUID();
    const { size } = await storage.put(id, createReadStream(SAMPLE));
    const upload = await db.upload.create({
      data: {
        id,
        consultationId: consultation.id,
        fileName: "citizen-space.csv",
        format: "csv",
        size,
        uploadedById: "bernard",
      },
    });
    const [first, second] = consultation.questions;
    const summary = await withoutSteps(database, (saveOnce) =>
      importUpload(
        db,
        upload.id,
        {
          respondentId: "Response ID",
          questions: [
            {
              questionId: first!.id,
              column: "Please explain your answer",
              closedColumn: "Do you agree with the proposal to cut evening bus services?",
            },
            { questionId: second!.id, column: "What else should the council consider?" },
          ],
          demographics: [
            "What is your postcode area?",
            "Are you responding as an individual or an organisation?",
          ],
        },
        {
          progress: async () => undefined,
          saveOnce,
          storage,
        },
      ),
    );
    return [
      `Created the demo consultation "${DEMO_TITLE}" with ${summary.respondents} respondents.`,
    ];
  } finally {
    await db.$disconnect();
  }
}
