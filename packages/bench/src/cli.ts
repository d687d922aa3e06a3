import os from "node:os";
import path from "node:path";
import { benchConsult } from "./consult.js";
import { benchGateway } from "./gateway.js";
import { benchJobs } from "./jobs.js";
import { benchLlm } from "./llm.js";
import { benchStartup } from "./startup.js";

const root = path.resolve(import.meta.dirname, "../../..");
const suites: Record<string, () => Promise<void>> = {
  platform: async () => {
    await benchStartup(root);
    await benchJobs();
    await benchGateway(root);
  },
  gateway: () => benchGateway(root),
  llm: benchLlm,
  consult: benchConsult,
};

const [suite = "platform"] = process.argv.slice(2);
const run = suites[suite];
if (!run) {
  console.error(`Unknown benchmark "${suite}". Choose one of: ${Object.keys(suites).join(", ")}.`);
  process.exit(2);
}
console.log(
  `Bernard benchmark "${suite}" on Node ${process.version}, ${os.cpus().length} cores, ${new Date().toISOString()}`,
);
await run();
