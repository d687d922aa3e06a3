import { createPrismaAdapter } from "@bernard/database";
import { defineConfig } from "prisma/config";

// The JS engine keeps Prisma's CLI offline (no native engine to download). Migrations are applied
// by @bernard/database; the adapter serves `prisma migrate status` and `prisma migrate diff`.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  adapter: async () =>
    createPrismaAdapter({ url: process.env.DATABASE_URL ?? "", schema: "letters" }),
});
