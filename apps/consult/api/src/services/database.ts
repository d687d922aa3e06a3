import { createPrismaAdapter, type AppDatabase } from "@bernard/database";
import { PrismaClient } from "../generated/prisma/client.js";

export type ToolDatabase = PrismaClient;
/** The client inside `db.$transaction(async (tx) => …)`. */
export type Transaction = Parameters<Parameters<ToolDatabase["$transaction"]>[0]>[0];

export function createToolDatabase(database: AppDatabase): ToolDatabase {
  return new PrismaClient({ adapter: createPrismaAdapter(database) });
}
