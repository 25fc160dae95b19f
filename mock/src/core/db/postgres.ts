import fs from 'fs';
import path from 'path';
import pg from 'pg';
import { Kysely, PostgresDialect } from 'kysely';
import type { DB } from './schema';
import type { OpenedDatabase } from './database';
import { StartupError } from '../startupError';

/**
 * PostgreSQL (DATABASE_URL): a pool of `pg` connections behind Kysely's PostgresDialect, the migrations of
 * migrations/postgres/ (the same version numbers as SQLite's) applied under an advisory lock, so that servers
 * starting together apply each migration once. Epoch-millisecond columns are BIGINT and come back as JS numbers
 * (exact below 2^53, some 285,000 years of milliseconds). PostgreSQL 13 or later (sha256(), hashtextextended(); a row
 * trigger on the partitioned entry log, migration 016).
 */

/** The key of the session-level advisory lock held while migrating (any constant; "yizhan" in ASCII). */
const MIGRATION_LOCK = 0x79697a68616e;

/** int8 (BIGINT, count(*)) as a JS number; a value past 2^53 would lose digits, so it is refused instead. */
function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new Error(`BIGINT ${text} does not fit a JS number exactly`);
  return n;
}

const INT8_OID = 20;

/** pg's type parsers with int8 read as a number (pg's default reads it as a string). */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8_OID && format !== 'binary'
      ? parseInt8
      : pg.types.getTypeParser(oid, format as 'text')) as pg.CustomTypesConfig['getTypeParser'],
};

/** The URL with any password replaced, for messages. */
export const redactedUrl = (url: string): string => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

const MIGRATIONS_DIR = path.join(__dirname, 'migrations', 'postgres');

/**
 * Applies migrations/postgres/NNN_*.sql in order, each once, each in its own transaction, while holding a
 * session advisory lock (pg_advisory_lock): a second server starting at the same moment waits, then finds them
 * applied. @returns the names applied.
 */
export async function migratePostgres(client: pg.ClientBase): Promise<string[]> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    await client.query('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)');
    const before = (await client.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name);
    const done = new Set(before);
    const applied: string[] = [];
    for (const file of fs
      .readdirSync(MIGRATIONS_DIR)
      .filter((f) => f.endsWith('.sql'))
      .sort()) {
      if (done.has(file)) continue;
      await client.query('BEGIN');
      try {
        await client.query(fs.readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8'));
        await client.query('INSERT INTO schema_migrations (name, applied_at) VALUES ($1, $2)', [file, Date.now()]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${file} failed: ${(err as Error).message}`);
      }
      applied.push(file);
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  }
}

/**
 * Connects to `url`, applies pending migrations and returns the Kysely instance over a pool of at most `poolMax`
 * connections. `created` is true while the database holds no master key check value (nothing sealed in it yet).
 * @throws StartupError when the database cannot be reached
 */
export async function openPostgres(url: string, poolMax: number): Promise<OpenedDatabase> {
  const client = new pg.Client({ connectionString: url, types });
  try {
    await client.connect();
  } catch (err) {
    throw new StartupError(`cannot connect to the PostgreSQL database ${redactedUrl(url)} (DATABASE_URL): ${(err as Error).message}`);
  }
  let created: boolean;
  try {
    await migratePostgres(client);
    // New for the master key: nothing in it was sealed yet (no key check value stored; every PostgreSQL database
    // has table meta from its first start). A database copied from a migrated, seeded template is new too.
    created = (await client.query("SELECT 1 FROM meta WHERE name = 'master_key_check'")).rowCount === 0;
  } finally {
    await client.end();
  }
  const pool = new pg.Pool({ connectionString: url, max: poolMax, types });
  // An idle connection dropped by the server (a restart, a failover) is reported here; the pool makes a new one.
  pool.on('error', () => undefined);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, created, close: () => db.destroy() };
}
