-- AlterTable
ALTER TABLE "consultation" ADD COLUMN     "open_to_everyone" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "shared_with" TEXT[] DEFAULT ARRAY[]::TEXT[];


-- Consultations made before sharing existed stay visible to everyone who could already see them.
UPDATE "consultation" SET "open_to_everyone" = true;
