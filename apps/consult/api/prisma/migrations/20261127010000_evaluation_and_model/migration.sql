-- AlterTable
ALTER TABLE "question" ADD COLUMN     "analysis_report" JSONB,
ADD COLUMN     "final_mapped_at" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "response" ADD COLUMN     "ai_theme_ids" UUID[] DEFAULT ARRAY[]::UUID[],
ADD COLUMN     "unprocessed" TEXT;

-- AlterTable
ALTER TABLE "theme" ADD COLUMN     "summary" TEXT;

