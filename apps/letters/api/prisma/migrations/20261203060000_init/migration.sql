-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "letters";

-- CreateTable
CREATE TABLE "case" (
    "id" UUID NOT NULL,
    "number" SERIAL NOT NULL,
    "channel" TEXT NOT NULL,
    "received_on" TEXT NOT NULL,
    "deadline" TEXT NOT NULL,
    "topic" TEXT NOT NULL DEFAULT '',
    "team" TEXT NOT NULL DEFAULT '',
    "reply_type" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'received',
    "assignee_id" TEXT,
    "assignee_name" TEXT,
    "correspondent_type" TEXT NOT NULL,
    "correspondent_name" TEXT NOT NULL DEFAULT '',
    "address" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "postcode" TEXT NOT NULL DEFAULT '',
    "email" TEXT NOT NULL DEFAULT '',
    "mp_name" TEXT NOT NULL DEFAULT '',
    "constituency" TEXT NOT NULL DEFAULT '',
    "mp_reference" TEXT NOT NULL DEFAULT '',
    "constituent_name" TEXT NOT NULL DEFAULT '',
    "letter_date" TEXT NOT NULL DEFAULT '',
    "subject" TEXT NOT NULL DEFAULT '',
    "points" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "letter_text" TEXT NOT NULL,
    "campaign_lead_id" UUID,
    "transferred_to" TEXT,
    "approved_by" TEXT,
    "approved_version" INTEGER,
    "sent_on" TEXT,
    "owner_id" TEXT NOT NULL,
    "owner_name" TEXT NOT NULL,
    "open_to_everyone" BOOLEAN NOT NULL DEFAULT false,
    "shared_with" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "draft_version" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "source" TEXT NOT NULL,
    "author_name" TEXT NOT NULL,
    "paragraphs" JSONB NOT NULL,
    "cited_lines" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "draft_version_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "comment" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "version" INTEGER,
    "author_name" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "comment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "line" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "owner" TEXT NOT NULL DEFAULT '',
    "approved_on" TEXT NOT NULL,
    "expires_on" TEXT,
    "status" TEXT NOT NULL DEFAULT 'current',
    "version" INTEGER NOT NULL DEFAULT 1,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "line_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "line_version" (
    "id" UUID NOT NULL,
    "line_id" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "approved_on" TEXT NOT NULL,
    "expires_on" TEXT,
    "status" TEXT NOT NULL,
    "author_name" TEXT NOT NULL,
    "note" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "line_version_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "setting" (
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,

    CONSTRAINT "setting_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "change" (
    "id" UUID NOT NULL,
    "case_id" UUID NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" TEXT NOT NULL,
    "actor_name" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "details" JSONB NOT NULL,

    CONSTRAINT "change_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "case_number_key" ON "case"("number");

-- CreateIndex
CREATE INDEX "case_status_deadline_idx" ON "case"("status", "deadline");

-- CreateIndex
CREATE INDEX "draft_version_cited_lines_idx" ON "draft_version" USING GIN ("cited_lines");

-- CreateIndex
CREATE UNIQUE INDEX "draft_version_case_id_number_key" ON "draft_version"("case_id", "number");

-- CreateIndex
CREATE INDEX "comment_case_id_created_at_idx" ON "comment"("case_id", "created_at");

-- CreateIndex
CREATE INDEX "line_topic_idx" ON "line"("topic");

-- CreateIndex
CREATE UNIQUE INDEX "line_version_line_id_number_key" ON "line_version"("line_id", "number");

-- CreateIndex
CREATE INDEX "change_case_id_at_idx" ON "change"("case_id", "at");

-- AddForeignKey
ALTER TABLE "draft_version" ADD CONSTRAINT "draft_version_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "comment" ADD CONSTRAINT "comment_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "line_version" ADD CONSTRAINT "line_version_line_id_fkey" FOREIGN KEY ("line_id") REFERENCES "line"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "change" ADD CONSTRAINT "change_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "case"("id") ON DELETE CASCADE ON UPDATE CASCADE;

