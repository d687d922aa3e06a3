import type { ConfigArray } from "typescript-eslint";

export function defineLintConfig(options: {
  dir: string;
  react?: boolean;
  ignores?: string[];
}): ConfigArray;
