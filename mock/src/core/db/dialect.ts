import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from './schema';

/**
 * The few places where SQLite and PostgreSQL differ for the repositories, in one module, so a repo.ts stays one
 * file for both engines. Everything else is portable through Kysely: upserts (onConflict), RETURNING, CASE,
 * conditional UPDATEs. Each helper takes the `Db` (or a transaction of it) the query runs on.
 */

export type Engine = 'sqlite' | 'postgres';

/** The engine behind `db` (a database from core/db or a transaction of one): Kysely's adapter says which. */
export function engineOf(db: Kysely<DB>): Engine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * True when a transaction on `db` must lock what it reads before writing on the strength of it (SELECT ... FOR
 * UPDATE): on PostgreSQL (READ COMMITTED, many pooled connections), not on SQLite, where every transaction of this
 * backend begins IMMEDIATE and so holds the database's one write lock from its first statement (database.ts).
 * Use as `query.$if(locksRows(db), (q) => q.forUpdate())`.
 */
export const locksRows = (db: Kysely<DB>): boolean => engineOf(db) === 'postgres';

/**
 * Inside a transaction: waits until no other transaction holds `key`, and holds it until this one ends, so the
 * read-then-write decisions made under one key (one worker's bookings, one Idempotency-Key) run one at a time.
 * PostgreSQL: a transaction-scoped advisory lock on a 64-bit hash of the key (hashtextextended, PG 11+);
 * SQLite: nothing to do (the IMMEDIATE transaction already excludes every other writer).
 */
export async function serializeOn(trx: Kysely<DB>, key: string): Promise<void> {
  if (engineOf(trx) !== 'postgres') return;
  await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
}

/**
 * A UNIQUE (or primary key) violation, from either driver: better-sqlite3's SQLITE_CONSTRAINT_UNIQUE /
 * _PRIMARYKEY, or PostgreSQL's SQLSTATE 23505 (unique_violation). With `constraint` (a table name and column,
 * e.g. 'workers.id_number_hmac'), only a violation of that one: SQLite names it in the message ("UNIQUE constraint
 * failed: workers.id_number_hmac"), PostgreSQL by its default constraint name ("workers_id_number_hmac_key").
 */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; message?: string; constraint?: string } | null;
  if (!e) return false;
  if (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') {
    return constraint === undefined || (e.message ?? '').includes(constraint);
  }
  if (e.code === '23505') return constraint === undefined || e.constraint === `${constraint.replace('.', '_')}_key`;
  return false;
}

/**
 * The calendar date 'YYYY-MM-DD' of an epoch-ms column shifted by `offsetMs` (Asia/Shanghai: +8 h, no DST), as
 * SQL. The offset is written into the SQL text (not a parameter) so that the same expression can be repeated in
 * GROUP BY and ORDER BY (PostgreSQL matches them by text, and two parameters are two expressions to it).
 */
export function dateOfMs(db: Kysely<DB>, column: RawBuilder<unknown> | string, offsetMs: number): RawBuilder<string> {
  const ms = typeof column === 'string' ? sql.ref(column) : column;
  const shift = sql.lit(Math.trunc(offsetMs));
  return engineOf(db) === 'postgres'
    ? sql<string>`to_char(to_timestamp(((${ms} + ${shift}) / 1000)::double precision) at time zone 'UTC', 'YYYY-MM-DD')`
    : sql<string>`date((${ms} + ${shift}) / 1000, 'unixepoch')`;
}
