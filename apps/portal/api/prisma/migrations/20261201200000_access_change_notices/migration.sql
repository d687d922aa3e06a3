-- Every change that can end a session or narrow who may open a tool is announced on the
-- portal_access_changed channel, so each portal process drops what it cached
-- (src/services/access-cache.ts). Announced from the database, so no code path can forget.
-- The payload is "<kind>:<id>"; NOTIFY is delivered when the transaction commits.
CREATE FUNCTION "announce_access_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM pg_notify('portal_access_changed', TG_ARGV[0] || ':' || (to_jsonb(OLD) ->> TG_ARGV[1]));
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM pg_notify('portal_access_changed', TG_ARGV[0] || ':' || (to_jsonb(NEW) ->> TG_ARGV[1]));
  END IF;
  RETURN NULL;
END $$;

-- TRUNCATE has no rows to name: every process drops everything.
CREATE FUNCTION "announce_access_reset"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('portal_access_changed', 'all');
  RETURN NULL;
END $$;

-- Signing out (here or everywhere), expiry, and deleting a person end sessions.
CREATE TRIGGER "session_access_change" AFTER DELETE ON "session"
  FOR EACH ROW EXECUTE FUNCTION "announce_access_change"('session', 'id');
-- Deactivation, role, name and email changes.
CREATE TRIGGER "user_account_access_change" AFTER UPDATE ON "user_account"
  FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*)
  EXECUTE FUNCTION "announce_access_change"('user', 'id');
CREATE TRIGGER "user_account_deleted" AFTER DELETE ON "user_account"
  FOR EACH ROW EXECUTE FUNCTION "announce_access_change"('user', 'id');
CREATE TRIGGER "user_group_member_access_change" AFTER INSERT OR UPDATE OR DELETE ON "user_group_member"
  FOR EACH ROW EXECUTE FUNCTION "announce_access_change"('user', 'user_id');
CREATE TRIGGER "user_group_access_change" AFTER UPDATE OR DELETE ON "user_group"
  FOR EACH ROW EXECUTE FUNCTION "announce_access_change"('group', 'id');
-- Switching a tool on or off, and who may open it.
CREATE TRIGGER "tool_access_change" AFTER INSERT OR UPDATE OR DELETE ON "tool"
  FOR EACH ROW EXECUTE FUNCTION "announce_access_change"('tool', 'id');
CREATE TRIGGER "tool_group_access_change" AFTER INSERT OR UPDATE OR DELETE ON "tool_group"
  FOR EACH ROW EXECUTE FUNCTION "announce_access_change"('tool', 'tool_id');

CREATE TRIGGER "session_access_reset" AFTER TRUNCATE ON "session"
  FOR EACH STATEMENT EXECUTE FUNCTION "announce_access_reset"();
CREATE TRIGGER "user_account_access_reset" AFTER TRUNCATE ON "user_account"
  FOR EACH STATEMENT EXECUTE FUNCTION "announce_access_reset"();
CREATE TRIGGER "user_group_member_access_reset" AFTER TRUNCATE ON "user_group_member"
  FOR EACH STATEMENT EXECUTE FUNCTION "announce_access_reset"();
CREATE TRIGGER "user_group_access_reset" AFTER TRUNCATE ON "user_group"
  FOR EACH STATEMENT EXECUTE FUNCTION "announce_access_reset"();
CREATE TRIGGER "tool_access_reset" AFTER TRUNCATE ON "tool"
  FOR EACH STATEMENT EXECUTE FUNCTION "announce_access_reset"();
CREATE TRIGGER "tool_group_access_reset" AFTER TRUNCATE ON "tool_group"
  FOR EACH STATEMENT EXECUTE FUNCTION "announce_access_reset"();
