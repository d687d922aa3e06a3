-- A campaign's lead names itself; a case a person took out stays out; a deadline a person chose stays.
ALTER TABLE "case" ADD COLUMN "deadline_set_by_person" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "case" ADD COLUMN "left_campaign" BOOLEAN NOT NULL DEFAULT false;
UPDATE "case" SET "campaign_lead_id" = "id"
  WHERE "id" IN (SELECT "campaign_lead_id" FROM "case" WHERE "campaign_lead_id" IS NOT NULL);
CREATE INDEX "case_campaign_lead_id_idx" ON "case"("campaign_lead_id");
-- What the model engine flagged as it drafted: sentences it could not ground, a model that failed.
ALTER TABLE "draft_version" ADD COLUMN "engine_flags" JSONB NOT NULL DEFAULT '[]';
