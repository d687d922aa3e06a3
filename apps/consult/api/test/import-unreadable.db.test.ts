import { withClient } from "@bernard/database";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startSorter, testStorage } from "./helpers.js";

let sorter: Awaited<ReturnType<typeof startSorter>>;
beforeAll(async () => {
  sorter = await startSorter();
});
afterAll(async () => {
  await sorter?.server.close();
});

it("fails an import at once, saying why, when its stored file cannot be read (no retry)", async () => {
  const { consultationId, questionId } = await sorter.consultationWithQuestion("Damaged file");
  const upload = await sorter.upload(
    consultationId,
    "answers.csv",
    "id,answer\n1,fine\n2,also fine\n",
  );
  expect(upload.status).toBe(201);
  const { uploadId } = await upload.json();
  // The stored copy goes bad after the upload was checked, past the rows a preview reads: a
  // quoted answer that never ends.
  const rows = Array.from({ length: 50 }, (_, index) => `${index + 1},fine`);
  await withClient(sorter.database.url, (client) =>
    client.query("UPDATE consult.upload SET content = $2 WHERE id = $1", [
      uploadId,
      Buffer.from(`id,answer\n${rows.join("\n")}\n51,"never ends\n`),
    ]),
  );

  const started = await sorter.post(`/uploads/${uploadId}/import`, {
    mapping: { respondentId: "id", questions: [{ questionId, column: "answer" }] },
  });
  expect(started.status).toBe(202);
  const job = await sorter.finished((await started.json()).id);
  expect(job).toMatchObject({
    state: "failed",
    attempt: 1,
    error: expect.stringContaining("Row 52 could not be read as CSV"),
  });
});

it("says the file must be uploaded again when its stored copy is gone, in the preview and the import", async () => {
  const { consultationId, questionId } = await sorter.consultationWithQuestion("Lost file");
  const { uploadId } = await (
    await sorter.upload(consultationId, "answers.csv", "id,answer\n1,fine\n")
  ).json();
  await testStorage(sorter.database.url).delete(uploadId);
  const message =
    "The uploaded file is no longer stored, so it cannot be read. Upload the file again.";

  const preview = await sorter.call(`/uploads/${uploadId}`);
  expect(preview.status).toBe(409);
  expect((await preview.json()).error).toMatchObject({ code: "UPLOAD_GONE", message });

  const started = await sorter.post(`/uploads/${uploadId}/import`, {
    mapping: { respondentId: "id", questions: [{ questionId, column: "answer" }] },
  });
  // Refused before a job starts, and without the server's paths in what the person reads.
  expect(started.status).toBe(409);
  expect((await started.json()).error).toMatchObject({ code: "UPLOAD_GONE", message });
});
