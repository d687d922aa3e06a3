import path from "node:path";
import { testDatabaseSetup } from "@bernard/database/testing/setup";
import { migrationsDir } from "../src/launch.js";

export default testDatabaseSetup({
  externalUrl: process.env.BERNARD_TEST_DATABASE_URL,
  apps: [
    { schema: "consult", migrationsDir },
    // through-gateway.db.test.ts puts a real portal in front of the sorter.
    {
      schema: "portal",
      migrationsDir: path.resolve(import.meta.dirname, "../../../portal/api/prisma/migrations"),
    },
  ],
});
