import { defineWebConfig } from "@bernard/ui/vite";

export default defineWebConfig({ basePath: "/", apiPort: 3000 });
