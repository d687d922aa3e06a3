export * from "./connection.js";
export * from "./embedded.js";
export * from "./migrate.js";
export * from "./free-port.js";
export * from "./unavailable.js";
export * from "./listener.js";
export * from "./roles.js";
export * from "./like.js";
