-- Uploads are kept in file storage now; the bytes of older ones stay here until the sorter
-- first reads them and moves them to storage (services/uploads.ts, withUploadFile).
ALTER TABLE "upload" ALTER COLUMN "content" DROP NOT NULL;
