-- The draft job that made a version, so a retried job does not add it twice.
ALTER TABLE "draft_version" ADD COLUMN "job_id" TEXT;
CREATE UNIQUE INDEX "draft_version_job_id_key" ON "draft_version"("job_id");
