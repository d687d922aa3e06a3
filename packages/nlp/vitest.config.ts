import { defineTestConfig } from "@bernard/config/vitest";

export default defineTestConfig();
