import type pg from "pg";
import { assertSchemaName, quoteIdentifier, withClient } from "./connection.js";

/** One app's own login role and the schemas it alone may use. */
export interface AppRole {
  role: string;
  password: string;
  schemas: string[];
}

/**
 * Why the user in `adminUrl` cannot give each app a role of its own (undefined when it can): it
 * must create roles and hand on its rights to this database.
 */
export async function whyRolesCannotBeManaged(adminUrl: string): Promise<string | undefined> {
  return withClient(adminUrl, async (client) => {
    const { rows } = await client.query<{
      user: string;
      database: string;
      creates_roles: boolean;
      grants_database: boolean;
    }>(
      `SELECT current_user AS user, current_database() AS database,
              rolsuper OR rolcreaterole AS creates_roles,
              has_database_privilege(current_database(), 'CREATE WITH GRANT OPTION') AS grants_database
         FROM pg_roles WHERE rolname = current_user`,
    );
    const me = rows[0]!;
    if (!me.creates_roles) return `the user ${me.user} may not create roles (CREATEROLE)`;
    if (!me.grants_database)
      return `the user ${me.user} does not own the database ${me.database}, so cannot grant its use`;
    return undefined;
  });
}

/**
 * Makes `app.role` a login role with `app.password` that owns `app.schemas` and may use nothing
 * else in the database: PUBLIC loses its default rights (connecting, creating in `public`), so
 * one app's role cannot read or change another's tables. Schemas made before roles existed (owned
 * by the connected user) are handed over with everything in them. Safe to run on every start.
 */
export async function ensureAppRole(adminUrl: string, app: AppRole): Promise<void> {
  const role = quoteIdentifier(app.role);
  await withClient(adminUrl, async (client) => {
    await client.query("BEGIN");
    try {
      // Roles are shared by the whole server: one launcher at a time changes them.
      await client.query("SELECT pg_advisory_xact_lock(hashtext('bernard app roles'))");
      const password = client.escapeLiteral(app.password);
      const exists = await client.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [app.role]);
      await client.query(
        exists.rowCount
          ? `ALTER ROLE ${role} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${password}`
          : `CREATE ROLE ${role} WITH LOGIN PASSWORD ${password}`,
      );
      const { rows } = await client.query<{ superuser: boolean; database: string }>(
        "SELECT rolsuper AS superuser, current_database() AS database FROM pg_roles WHERE rolname = current_user",
      );
      const { superuser, database } = rows[0]!;
      // A non-superuser can hand objects to a role only as a member of it.
      if (!superuser) await client.query(`GRANT ${role} TO CURRENT_USER`);
      await client.query(`REVOKE ALL ON DATABASE ${quoteIdentifier(database)} FROM PUBLIC`);
      // CREATE lets the app's own code run `CREATE SCHEMA IF NOT EXISTS` (pg-boss, caches); a
      // schema it makes is its own, and the launcher has already made every schema it expects.
      await client.query(
        `GRANT CONNECT, CREATE ON DATABASE ${quoteIdentifier(database)} TO ${role}`,
      );
      await client.query("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
      for (const schema of app.schemas)
        await ensureOwnedSchema(client, assertSchemaName(schema), app.role);
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    }
  });
}

async function ensureOwnedSchema(client: pg.Client, schema: string, role: string): Promise<void> {
  const { rows } = await client.query<{ owner: string; owner_is_admin: boolean }>(
    `SELECT pg_get_userbyid(n.nspowner) AS owner,
            n.nspowner = (SELECT oid FROM pg_roles WHERE rolname = current_user) OR r.rolsuper AS owner_is_admin
       FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner WHERE n.nspname = $1`,
    [schema],
  );
  const existing = rows[0];
  if (!existing) {
    await client.query(
      `CREATE SCHEMA ${quoteIdentifier(schema)} AUTHORIZATION ${quoteIdentifier(role)}`,
    );
    return;
  }
  if (existing.owner === role) return;
  if (!existing.owner_is_admin) {
    throw new Error(
      `The schema ${schema} belongs to the role ${existing.owner}, not to ${role}. ` +
        `If ${existing.owner} should not have it, move it aside (ALTER SCHEMA ${schema} RENAME TO …) and start again.`,
    );
  }
  await handOver(client, schema, role);
}

/** Gives a schema made before per-app roles, and every object in it, to the app's role. */
async function handOver(client: pg.Client, schema: string, role: string): Promise<void> {
  const owner = quoteIdentifier(role);
  await client.query(`ALTER SCHEMA ${quoteIdentifier(schema)} OWNER TO ${owner}`);
  const { rows } = await client.query<{ statement: string }>(
    `SELECT format('ALTER TABLE %I.%I OWNER TO %I', n.nspname, c.relname, $2::text) AS statement
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
        AND pg_get_userbyid(c.relowner) <> $2
        -- a table's own sequences (serial, identity) follow it
        AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')))
     UNION ALL
     SELECT format('ALTER ROUTINE %s OWNER TO %I', p.oid::regprocedure, $2::text)
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = $1 AND pg_get_userbyid(p.proowner) <> $2
     UNION ALL
     SELECT format('ALTER TYPE %s OWNER TO %I', t.oid::regtype, $2::text)
       FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = $1 AND pg_get_userbyid(t.typowner) <> $2
        AND t.typrelid = 0 -- a table's row type follows the table
        AND NOT EXISTS (SELECT 1 FROM pg_type e WHERE e.typarray = t.oid) -- an array type follows its element`,
    [schema, role],
  );
  for (const { statement } of rows) await client.query(statement);
}

/** Tables of one app's schema that its role may read and add to, and nothing else. */
export interface AppendOnlyTables {
  role: string;
  schema: string;
  tables: string[];
}

/**
 * Makes `tables` append-only for the app's role, in the database's own rights: they (with their
 * sequences and trigger functions) pass to the user in `adminUrl`, and the role keeps only
 * SELECT and INSERT. It can then neither UPDATE, DELETE nor TRUNCATE them, nor drop, disable or
 * rewrite the triggers that refuse it. Run after the app's migrations; `unsealTables` first.
 */
export async function sealTables(adminUrl: string, sealed: AppendOnlyTables): Promise<void> {
  await withClient(adminUrl, async (client) => {
    await client.query("BEGIN");
    try {
      for (const table of await existingTables(client, sealed)) {
        await client.query(`ALTER TABLE ${table} OWNER TO CURRENT_USER`);
        for (const fn of await triggerFunctions(client, table)) {
          await client.query(`ALTER FUNCTION ${fn} OWNER TO CURRENT_USER`);
        }
        const role = quoteIdentifier(sealed.role);
        await client.query(`REVOKE ALL ON TABLE ${table} FROM ${role}`);
        await client.query(`GRANT SELECT, INSERT ON TABLE ${table} TO ${role}`);
        for (const sequence of await ownedSequences(client, table)) {
          await client.query(`GRANT USAGE, SELECT ON SEQUENCE ${sequence} TO ${role}`);
        }
      }
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK");
      throw error;
    }
  });
}

/** Gives sealed tables back to the app's role, so that its migrations may change them. */
export async function unsealTables(adminUrl: string, sealed: AppendOnlyTables): Promise<void> {
  await withClient(adminUrl, async (client) => {
    const role = quoteIdentifier(sealed.role);
    for (const table of await existingTables(client, sealed)) {
      await client.query(`ALTER TABLE ${table} OWNER TO ${role}`);
      for (const fn of await triggerFunctions(client, table)) {
        await client.query(`ALTER FUNCTION ${fn} OWNER TO ${role}`);
      }
    }
  });
}

/** The tables that exist yet (none before the first migration), as quoted names. */
async function existingTables(client: pg.Client, sealed: AppendOnlyTables): Promise<string[]> {
  const schema = assertSchemaName(sealed.schema);
  const { rows } = await client.query<{ name: string }>(
    `SELECT format('%I.%I', n.nspname, c.relname) AS name
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = ANY($2::text[]) AND c.relkind IN ('r', 'p')`,
    [schema, sealed.tables],
  );
  return rows.map((row) => row.name);
}

async function triggerFunctions(client: pg.Client, table: string): Promise<string[]> {
  const { rows } = await client.query<{ fn: string }>(
    `SELECT DISTINCT tgfoid::regprocedure::text AS fn FROM pg_trigger
      WHERE tgrelid = $1::regclass AND NOT tgisinternal`,
    [table],
  );
  return rows.map((row) => row.fn);
}

async function ownedSequences(client: pg.Client, table: string): Promise<string[]> {
  const { rows } = await client.query<{ sequence: string }>(
    `SELECT d.objid::regclass::text AS sequence FROM pg_depend d JOIN pg_class s ON s.oid = d.objid
      WHERE d.classid = 'pg_class'::regclass AND d.refobjid = $1::regclass
        AND d.deptype IN ('a', 'i') AND s.relkind = 'S'`,
    [table],
  );
  return rows.map((row) => row.sequence);
}
