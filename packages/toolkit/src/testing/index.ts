export { documentedRoutes, type DocumentedRoute } from "./openapi-routes.js";
export { isRefusal } from "./refusal.js";
export { routeSpellings } from "./route-spellings.js";
export { sendRaw, type RawResponse } from "./send-raw.js";
