import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createTestDatabase } from "@bernard/database/testing";
import { expect, it } from "vitest";
import { seed } from "../src/launch.js";

it("seeds the demo consultation once, importing the sample through the same batches as the job", async () => {
  const database = { url: (await createTestDatabase()).url, schema: "consult" };
  // The sample upload goes to a folder of the test's, not the data folder of a real start.
  const env = { BERNARD_CONSULT_UPLOADS_DIR: await mkdtemp(path.join(tmpdir(), "consult-seed-")) };
  expect(await seed(database, env)).toEqual([
    'Created the demo consultation "Evening bus services in Westshire (demo)" with 10 respondents.',
  ]);
  expect(await seed(database, env)).toEqual([]);
});
