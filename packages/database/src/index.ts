export * from "./connection.js";
export * from "./embedded.js";
export * from "./migrate.js";
export * from "./free-port.js";
export * from "./like.js";
