import { defineLintConfig } from "@bernard/config/eslint";

export default defineLintConfig({ dir: import.meta.dirname });
