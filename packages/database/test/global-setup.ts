import { testDatabaseSetup } from "../src/testing/global-setup.js";

export default testDatabaseSetup({
  externalUrl: process.env.BERNARD_TEST_DATABASE_URL,
  apps: [{ schema: "fixture", migrationsDir: `${import.meta.dirname}/fixtures/migrations` }],
});
