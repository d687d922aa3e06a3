import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

const schema = "portal";
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  adapter: async () => new PrismaPg({ connectionString: process.env.DATABASE_URL, options: `-c search_path=${schema}`, idleTimeoutMillis: 1, idleTimeoutMillis: 1 }, { schema }),
});
