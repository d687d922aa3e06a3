import { defineTestConfig } from "@bernard/config/vitest";

export default defineTestConfig({ test: { globalSetup: ["./test/global-setup.ts"] } });
