-- Which tools each session has opened, so `tool.opened` is audited once per session and tool
-- (one INSERT ... ON CONFLICT DO NOTHING decides, whichever replica serves the page).
CREATE TABLE "tool_opened" (
    "session_id" UUID NOT NULL,
    "tool_id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tool_opened_pkey" PRIMARY KEY ("session_id", "tool_id")
);

ALTER TABLE "tool_opened" ADD CONSTRAINT "tool_opened_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "session"("id") ON DELETE CASCADE ON UPDATE CASCADE;
