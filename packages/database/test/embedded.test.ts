import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, expect, it } from "vitest";
import { withClient } from "../src/connection.js";
import { startEmbeddedPostgres } from "../src/embedded.js";
import { findFreePort } from "../src/testing/index.js";

const directory = await mkdtemp(path.join(tmpdir(), "bernard-embedded-"));
afterAll(() => rm(directory, { recursive: true, force: true }));

it("keeps its data across a stop and start, and reuses a server that is already running", async () => {
  const port = await findFreePort();
  const first = await startEmbeddedPostgres({ directory, port });
  expect(first.reused).toBe(false);
  await withClient(first.url, (client) =>
    client.query("CREATE TABLE kept (value text); INSERT INTO kept VALUES ('still here')"),
  );

  const second = await startEmbeddedPostgres({ directory, port });
  expect(second.reused).toBe(true);
  expect(second.url).toBe(first.url);
  await second.stop(); // stopping a reused server leaves it to its owner
  await first.stop();

  const restarted = await startEmbeddedPostgres({ directory, port });
  expect(restarted.reused).toBe(false);
  const rows = await withClient(restarted.url, (client) =>
    client.query<{ value: string }>("SELECT value FROM kept"),
  );
  expect(rows.rows).toEqual([{ value: "still here" }]);
  await restarted.stop();
});

it("explains why it could not start when the port is taken", async () => {
  const port = await findFreePort();
  const other = await startEmbeddedPostgres({
    directory: path.join(directory, "other"),
    port,
    ephemeral: true,
  });
  try {
    await expect(
      startEmbeddedPostgres({ directory: path.join(directory, "clash"), port }),
    ).rejects.toThrow(
      new RegExp(`PostgreSQL did not start on port ${port}[\\s\\S]*(in use|could not)`),
    );
  } finally {
    await other.stop();
  }
});
