-- AlterTable
ALTER TABLE "tool" ADD COLUMN     "llm_daily_tokens" INTEGER,
ADD COLUMN     "llm_model" TEXT;

-- CreateTable
CREATE TABLE "llm_usage" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "tool_id" TEXT NOT NULL,
    "user_id" UUID,
    "user_email" TEXT,
    "job_id" TEXT,
    "endpoint" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "prompt_tokens" INTEGER NOT NULL,
    "completion_tokens" INTEGER NOT NULL,
    "cost_usd" DOUBLE PRECISION,
    "latency_ms" INTEGER NOT NULL,
    "cache_hit" BOOLEAN NOT NULL DEFAULT false,
    "prompt" TEXT,
    "status" INTEGER NOT NULL,

    CONSTRAINT "llm_usage_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "llm_usage_at_idx" ON "llm_usage"("at");

-- CreateIndex
CREATE INDEX "llm_usage_user_id_at_idx" ON "llm_usage"("user_id", "at");

-- CreateIndex
CREATE INDEX "llm_usage_tool_id_at_idx" ON "llm_usage"("tool_id", "at");

