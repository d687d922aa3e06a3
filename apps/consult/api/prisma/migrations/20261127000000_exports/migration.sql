-- CreateTable
CREATE TABLE "export_record" (
    "id" BIGSERIAL NOT NULL,
    "consultation_id" UUID NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" TEXT NOT NULL,
    "actor_name" TEXT NOT NULL,
    "format" TEXT NOT NULL,

    CONSTRAINT "export_record_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "export_record_consultation_id_at_idx" ON "export_record"("consultation_id", "at");

-- AddForeignKey
ALTER TABLE "export_record" ADD CONSTRAINT "export_record_consultation_id_fkey" FOREIGN KEY ("consultation_id") REFERENCES "consultation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

