import { createPrismaAdapter, type AppDatabase } from "@bernard/database";
import { PrismaClient } from "../generated/prisma/client.js";

export type PortalDatabase = PrismaClient;

/** Where the LLM gateway caches model responses, beside the portal's own schema. */
export const LLM_CACHE_SCHEMA = "portal_llm";

export function createPortalDatabase(database: AppDatabase): PortalDatabase {
  return new PrismaClient({ adapter: createPrismaAdapter(database) });
}
