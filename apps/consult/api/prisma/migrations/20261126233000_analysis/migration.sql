-- AlterTable
ALTER TABLE "question" ADD COLUMN     "analysed_at" TIMESTAMP(3),
ADD COLUMN     "analysed_with" TEXT;

-- AlterTable
ALTER TABLE "response" ADD COLUMN     "evidence_rich" BOOLEAN,
ADD COLUMN     "evidence_why" TEXT,
ADD COLUMN     "stance" TEXT;

-- CreateTable
CREATE TABLE "theme" (
    "id" UUID NOT NULL,
    "question_id" UUID NOT NULL,
    "label" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "stance" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "keyphrases" TEXT[],
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "theme_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "response_theme" (
    "response_id" UUID NOT NULL,
    "theme_id" UUID NOT NULL,
    "source" TEXT NOT NULL,
    "rationale" TEXT NOT NULL,
    "representative" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "response_theme_pkey" PRIMARY KEY ("response_id","theme_id")
);

-- CreateIndex
CREATE INDEX "response_theme_theme_id_idx" ON "response_theme"("theme_id");

-- AddForeignKey
ALTER TABLE "theme" ADD CONSTRAINT "theme_question_id_fkey" FOREIGN KEY ("question_id") REFERENCES "question"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "response_theme" ADD CONSTRAINT "response_theme_response_id_fkey" FOREIGN KEY ("response_id") REFERENCES "response"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "response_theme" ADD CONSTRAINT "response_theme_theme_id_fkey" FOREIGN KEY ("theme_id") REFERENCES "theme"("id") ON DELETE CASCADE ON UPDATE CASCADE;

