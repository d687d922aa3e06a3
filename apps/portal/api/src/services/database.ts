import { createPrismaAdapter, type AppDatabase } from "@bernard/database";
import { PrismaClient } from "../generated/prisma/client.js";

export type PortalDatabase = PrismaClient;

export function createPortalDatabase(database: AppDatabase): PortalDatabase {
  return new PrismaClient({ adapter: createPrismaAdapter(database) });
}
