// Shared test preset: every package runs vitest with the same defaults.
import { defineConfig, mergeConfig } from "vitest/config";

/** @param {import("vitest/config").UserConfig} [overrides] */
export function defineTestConfig(overrides = {}) {
  return mergeConfig(
    defineConfig({
      test: {
        include: ["src/**/*.test.{ts,tsx}", "test/**/*.test.{ts,tsx}"],
        testTimeout: 30_000,
        hookTimeout: 60_000,
        restoreMocks: true,
        // Browser pages wait on real servers: under CI's parallel load a second is not enough.
        expect: { poll: { timeout: 10_000 } },
      },
    }),
    overrides,
  );
}
