import { testDatabaseSetup } from "@bernard/database/testing/setup";

export default testDatabaseSetup({ externalUrl: process.env.BERNARD_TEST_DATABASE_URL, apps: [] });
