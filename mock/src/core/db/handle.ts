import type Database from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { DB } from './schema';

/**
 * The raw better-sqlite3 handle behind a Kysely instance, for the few core/db functions that need it
 * (migrations, the seed's bulk load). Nothing outside core/db may import this module (eslint.config.mjs):
 * every other query goes through Kysely, so a PostgreSQL port replaces core/db and the repositories only.
 */
const handles = new WeakMap<Kysely<DB>, Database.Database>();

/** Remembers the handle of a database opened by openDatabase. */
export function registerHandle(db: Kysely<DB>, sqlite: Database.Database): void {
  handles.set(db, sqlite);
}

/** The raw handle of `db` (a Kysely instance from openDatabase, not a transaction). @throws Error otherwise */
export function sqliteOf(db: Kysely<DB>): Database.Database {
  const sqlite = handles.get(db);
  if (!sqlite) throw new Error('not a database opened by openDatabase (or a transaction of one)');
  return sqlite;
}
