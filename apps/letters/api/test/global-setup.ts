import { testDatabaseSetup } from "@bernard/database/testing/setup";
import { migrationsDir } from "../src/launch.js";

export default testDatabaseSetup({
  externalUrl: process.env.BERNARD_TEST_DATABASE_URL,
  apps: [{ schema: "letters", migrationsDir }],
});
