import { defineWebConfig } from "@bernard/ui/vite";

export default defineWebConfig({ basePath: "/tools/minutes/", apiPort: 3102 });
