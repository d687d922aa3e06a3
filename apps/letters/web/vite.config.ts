import { defineWebConfig } from "@bernard/ui/vite";

export default defineWebConfig({ basePath: "/tools/letters/", apiPort: 3103 });
