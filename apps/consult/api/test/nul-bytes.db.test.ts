import { afterAll, beforeAll, expect, it } from "vitest";
import { startSorter } from "./helpers.js";

let sorter: Awaited<ReturnType<typeof startSorter>>;
beforeAll(async () => {
  sorter = await startSorter();
});
afterAll(() => sorter?.server.close());

it("refuses a NUL character in a consultation's title with 400 naming the field, not a 500", async () => {
  const response = await sorter.post("/consultations", { title: "Evening\u0000 buses" });
  expect(response.status).toBe(400);
  const { error } = await response.json();
  expect(error.code).toBe("VALIDATION_FAILED");
  expect(error.details).toEqual([
    { field: "body.title", message: "Remove the NUL character (\\u0000)" },
  ]);
  expect(response.headers.get("cache-control")).toBe("no-store");
});
