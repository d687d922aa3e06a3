/**
 * The portal's HTTP API, written once: the request and response schemas of every route under
 * `/api` (and the public keys). The API validates with them and documents them in OpenAPI;
 * the portal's pages type and parse every reply with them. Safe in a browser: zod only.
 */
export * from "./audit.js";
export { csvFile } from "./fields.js";
export * from "./invitations.js";
export * from "./llm-gateway.js";
export * from "./models.js";
export * from "./session.js";
export * from "./status.js";
export * from "./tools.js";
export * from "./users.js";
