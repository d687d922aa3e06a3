-- AlterTable
ALTER TABLE "user_account" ADD COLUMN     "oidc_subject" TEXT;

-- AlterTable
ALTER TABLE "user_group" ADD COLUMN     "from_sign_in_provider" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE UNIQUE INDEX "user_account_oidc_subject_key" ON "user_account"("oidc_subject");

