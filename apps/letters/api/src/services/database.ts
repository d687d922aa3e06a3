import { createPrismaAdapter, type AppDatabase } from "@bernard/database";
import { PrismaClient } from "../generated/prisma/client.js";

export type ToolDatabase = PrismaClient;

export function createToolDatabase(database: AppDatabase): ToolDatabase {
  return new PrismaClient({ adapter: createPrismaAdapter(database) });
}
