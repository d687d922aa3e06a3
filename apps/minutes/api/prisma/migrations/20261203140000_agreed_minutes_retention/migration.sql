-- When the chair agreed the minutes: agreed minutes are kept under a retention setting of their own.
ALTER TABLE "meeting" ADD COLUMN "agreed_at" TIMESTAMP(3);
