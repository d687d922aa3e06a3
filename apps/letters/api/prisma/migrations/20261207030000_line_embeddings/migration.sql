-- A model's embedding of a line as it read, so a knowledge base is sent to the model once.
CREATE TABLE "line_embedding" (
    "line_id" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "text_hash" TEXT NOT NULL,
    "vector" DOUBLE PRECISION[],
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "line_embedding_pkey" PRIMARY KEY ("line_id","model")
);

ALTER TABLE "line_embedding" ADD CONSTRAINT "line_embedding_line_id_fkey" FOREIGN KEY ("line_id") REFERENCES "line"("id") ON DELETE CASCADE ON UPDATE CASCADE;
