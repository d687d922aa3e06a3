-- Templates people add: their own, or (an admin's) for everyone who uses the tool.
CREATE TABLE "minutes_template" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "owner_id" TEXT NOT NULL,
    "owner_name" TEXT NOT NULL,
    "for_everyone" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "minutes_template_pkey" PRIMARY KEY ("id")
);

CREATE INDEX "minutes_template_owner_id_idx" ON "minutes_template"("owner_id");
