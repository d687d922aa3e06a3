import { defineTestConfig } from "@bernard/config/vitest";

// The launcher test starts the whole suite; give it room on a 2-core machine.
export default defineTestConfig({ test: { testTimeout: 120_000 } });
