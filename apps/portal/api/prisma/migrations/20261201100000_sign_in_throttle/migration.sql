-- Attempts counted per throttle key (an account, a client address, an account at an address it
-- has signed in from before, a person changing their password) in fixed 15-minute windows.
-- Counting is one INSERT ... ON CONFLICT DO UPDATE per attempt, so parallel attempts never read
-- a stale count.
CREATE TABLE "sign_in_throttle" (
    "key" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "window_started_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sign_in_throttle_pkey" PRIMARY KEY ("key")
);

-- Whether someone has signed in from an address before.
CREATE INDEX "sign_in_attempt_email_ip_at_idx" ON "sign_in_attempt"("email", "ip", "at");
