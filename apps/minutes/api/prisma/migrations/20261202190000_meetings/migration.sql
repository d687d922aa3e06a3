-- The generated example's notes give way to meetings and their minutes.
DROP TABLE "note";

-- CreateTable
CREATE TABLE "meeting" (
    "id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "date" TEXT NOT NULL,
    "chair" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "agenda" TEXT[],
    "attendees" TEXT[],
    "apologies" TEXT[],
    "owner_id" TEXT NOT NULL,
    "owner_name" TEXT NOT NULL,
    "open_to_everyone" BOOLEAN NOT NULL DEFAULT false,
    "shared_with" TEXT[],
    "status" TEXT NOT NULL DEFAULT 'draft',
    "transcript_name" TEXT,
    "transcript_format" TEXT,
    "turns" JSONB,
    "transcript_uploaded_at" TIMESTAMP(3),
    "transcript_purged_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "meeting_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "minutes_version" (
    "id" UUID NOT NULL,
    "meeting_id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "author_id" TEXT NOT NULL,
    "author_name" TEXT NOT NULL,
    "job_id" TEXT,
    "restored_from" INTEGER,
    "minutes" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "minutes_version_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "comment" (
    "id" UUID NOT NULL,
    "meeting_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "ref" TEXT NOT NULL,
    "author_id" TEXT NOT NULL,
    "author_name" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "comment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "change" (
    "id" UUID NOT NULL,
    "meeting_id" UUID,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" TEXT NOT NULL,
    "actor_name" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "details" JSONB NOT NULL,

    CONSTRAINT "change_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "setting" (
    "key" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    CONSTRAINT "setting_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "meeting_owner_id_idx" ON "meeting"("owner_id");

-- CreateIndex
CREATE UNIQUE INDEX "minutes_version_job_id_key" ON "minutes_version"("job_id");

-- CreateIndex
CREATE UNIQUE INDEX "minutes_version_meeting_id_number_key" ON "minutes_version"("meeting_id", "number");

-- CreateIndex
CREATE INDEX "comment_meeting_id_created_at_idx" ON "comment"("meeting_id", "created_at");

-- CreateIndex
CREATE INDEX "change_meeting_id_at_idx" ON "change"("meeting_id", "at");

-- AddForeignKey
ALTER TABLE "minutes_version" ADD CONSTRAINT "minutes_version_meeting_id_fkey" FOREIGN KEY ("meeting_id") REFERENCES "meeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "comment" ADD CONSTRAINT "comment_meeting_id_fkey" FOREIGN KEY ("meeting_id") REFERENCES "meeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "change" ADD CONSTRAINT "change_meeting_id_fkey" FOREIGN KEY ("meeting_id") REFERENCES "meeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;
