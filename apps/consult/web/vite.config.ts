import { defineWebConfig } from "@bernard/ui/vite";

export default defineWebConfig({ basePath: "/tools/consult/", apiPort: 3101 });
