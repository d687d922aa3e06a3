import path from "node:path";
import { createTestDatabase } from "@bernard/database/testing";
import {
  createPortalKeys,
  ScriptProcess,
  toolClient,
  type PortalKeys,
} from "@bernard/toolkit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manifest } from "../src/manifest.js";
import { analyst, sayingsCsv } from "./helpers.js";

const RESPONSES = 200;
const SAYINGS = [
  "I work late shifts and need the bus home",
  "The buses are empty and the money is wasted",
  "Older people in the villages will be isolated",
];

let portal: PortalKeys;
let databaseUrl: string;
const processes: ScriptProcess[] = [];

beforeAll(async () => {
  portal = await createPortalKeys();
  databaseUrl = (await createTestDatabase()).url;
});
afterAll(async () => {
  await Promise.all(processes.map((each) => each.stop()));
});

describe("scale-out: API replicas and worker processes on one database", () => {
  it("runs jobs started on one web replica in the workers, followed live on the other", async () => {
    const [a, b] = await Promise.all([startReplica(), startReplica()]);
    const workers = [startWorker(), startWorker()];
    await Promise.all(workers.map((worker) => worker.printed("worker ready")));

    const created = await (await a.post("/consultations", { title: "Buses" })).json();
    const { questions } = await (
      await a.post(`/consultations/${created.id}/questions`, { text: "Why?" })
    ).json();
    const csv = sayingsCsv(RESPONSES, SAYINGS);
    const preview = await (await a.upload(created.id, "buses.csv", csv)).json();
    const mapping = {
      respondentId: "id",
      questions: [{ questionId: questions[0].id, column: "answer" }],
    };
    const importing = await (
      await a.post(`/uploads/${preview.uploadId}/import`, { mapping })
    ).json();
    const imported = await b.followEvents(importing.id);
    expect(imported.state).toBe("completed");
    expect(imported.result.answers).toBe(RESPONSES);

    // One worker goes away; the other is enough to run the analysis.
    await workers[0]!.stop();
    const analysing = await (
      await b.post(`/questions/${questions[0].id}/analysis`, { engine: "offline" })
    ).json();
    const analysed = await a.followEvents(analysing.id);
    expect(analysed.state).toBe("completed");
    expect(analysed.result).toMatchObject({ responses: RESPONSES });

    for (const replica of [a, b]) {
      const themes = await (await replica.call(`/questions/${questions[0].id}/themes`)).json();
      expect(themes.length).toBeGreaterThan(0);
    }
  }, 120_000);
});

/** A web replica (BERNARD_ROLE=web) as its own process. */
async function startReplica() {
  const script = path.join(import.meta.dirname, "fixtures/sorter-replica.ts");
  const replica = ScriptProcess.start(script, [databaseUrl, JSON.stringify(portal.jwks()), "web"]);
  processes.push(replica);
  const printed = await replica.printed("listening ");
  const apiUrl = `${printed.match(/listening (\S+)/)![1]}/tools/consult/api`;
  const client = toolClient({ apiUrl, keys: portal, audience: manifest.id })(analyst);
  const upload = (consultationId: string, name: string, content: string) => {
    const form = new FormData();
    form.set("file", new Blob([content]), name);
    return client.call(`/consultations/${consultationId}/uploads`, { method: "POST", body: form });
  };
  return { ...client, upload };
}

/** A worker process (BERNARD_ROLE=worker): runs the sorter's jobs, serves nothing. */
function startWorker(): ScriptProcess {
  const worker = path.join(import.meta.dirname, "fixtures/analysis-worker.ts");
  // No model is reachable: the offline engine needs none.
  const started = ScriptProcess.start(worker, [databaseUrl, "http://127.0.0.1:9"]);
  processes.push(started);
  return started;
}
