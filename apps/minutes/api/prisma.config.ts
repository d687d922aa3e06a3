import { prismaCliConfig } from "@bernard/database";
import { defineConfig } from "prisma/config";

export default defineConfig(prismaCliConfig("minutes"));
