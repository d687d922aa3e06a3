-- AlterTable
ALTER TABLE "question" ADD COLUMN     "signed_off_at" TIMESTAMP(3),
ADD COLUMN     "signed_off_by" TEXT;

-- AlterTable
ALTER TABLE "response" ADD COLUMN     "flagged" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "reviewed" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "change" (
    "id" BIGSERIAL NOT NULL,
    "question_id" UUID NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" TEXT NOT NULL,
    "actor_name" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "change_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "change_question_id_at_idx" ON "change"("question_id", "at");

-- AddForeignKey
ALTER TABLE "change" ADD CONSTRAINT "change_question_id_fkey" FOREIGN KEY ("question_id") REFERENCES "question"("id") ON DELETE CASCADE ON UPDATE CASCADE;

