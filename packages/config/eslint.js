// Shared lint preset. Every package's eslint.config.js calls one of these factories so that the
// whole repository has one set of rules, with type information (floating promises and friends).
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

/** @param {{ dir: string, react?: boolean, ignores?: string[] }} options */
export function defineLintConfig({ dir, react = false, ignores = [] }) {
  return tseslint.config(
    { ignores: ["dist/**", "src/generated/**", "**/*.js", "**/*.mjs", ...ignores] },
    js.configs.recommended,
    ...tseslint.configs.recommendedTypeChecked,
    {
      languageOptions: {
        globals: react ? globals.browser : globals.node,
        parserOptions: { projectService: true, tsconfigRootDir: dir },
      },
      rules: {
        "@typescript-eslint/no-floating-promises": "error",
        "@typescript-eslint/no-misused-promises": "error",
        "@typescript-eslint/consistent-type-imports": "error",
        "@typescript-eslint/no-unused-vars": [
          "error",
          { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
        ],
        // Fastify plugins and handlers are async by contract, with or without an await inside.
        "@typescript-eslint/require-await": "off",
      },
    },
    ...(react ? [reactHooks.configs.flat.recommended] : []),
    {
      // Tests read loosely typed JSON from real HTTP responses; asserting on it is their job.
      files: ["**/*.test.ts", "**/*.test.tsx", "test/**", "e2e/**"],
      rules: {
        "@typescript-eslint/no-explicit-any": "off",
        "@typescript-eslint/no-unsafe-assignment": "off",
        "@typescript-eslint/no-unsafe-member-access": "off",
        "@typescript-eslint/no-unsafe-call": "off",
        "@typescript-eslint/no-unsafe-return": "off",
        "@typescript-eslint/no-unsafe-argument": "off",
        "@typescript-eslint/no-non-null-assertion": "off",
      },
    },
  );
}
