import { createTestDatabase } from "@bernard/database/testing";
import { expect, it } from "vitest";
import { seed } from "../src/launch.js";

it("seeds the demo consultation once, importing the sample through the same batches as the job", async () => {
  const database = { url: (await createTestDatabase()).url, schema: "consult" };
  expect(await seed(database)).toEqual([
    'Created the demo consultation "Evening bus services in Westshire (demo)" with 10 respondents.',
  ]);
  expect(await seed(database)).toEqual([]);
});
