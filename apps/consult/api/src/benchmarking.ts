/** What `pnpm bench consult` (in @bernard/bench) measures, exported for it alone. */
export { ModelEngine } from "./engine/model.js";
export { offlineAnalysis } from "./engine/offline.js";
export { analyseHeadless } from "./engine/pipeline.js";
export { offlineStandIn } from "./engine/stand-in-model.js";
export type { ConsultationResponse } from "./engine/types.js";
export { readRows } from "./import/read-rows.js";
export { importUpload, saveWithoutSteps } from "./jobs/import-responses.js";
export { migrationsDir } from "./launch.js";
export { createToolDatabase } from "./services/database.js";
