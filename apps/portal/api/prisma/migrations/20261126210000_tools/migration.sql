-- CreateTable
CREATE TABLE "tool" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "version" TEXT,
    "roles" "Role"[] DEFAULT ARRAY['user', 'admin']::"Role"[],
    "enabled" BOOLEAN NOT NULL DEFAULT false,
    "open_to_everyone" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "tool_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tool_group" (
    "tool_id" TEXT NOT NULL,
    "group_id" UUID NOT NULL,

    CONSTRAINT "tool_group_pkey" PRIMARY KEY ("tool_id","group_id")
);

-- AddForeignKey
ALTER TABLE "tool_group" ADD CONSTRAINT "tool_group_tool_id_fkey" FOREIGN KEY ("tool_id") REFERENCES "tool"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tool_group" ADD CONSTRAINT "tool_group_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "user_group"("id") ON DELETE CASCADE ON UPDATE CASCADE;

