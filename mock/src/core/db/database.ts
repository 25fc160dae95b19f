import fs from 'fs';
import path from 'path';
import Database from 'better-sqlite3';
import { Kysely, sql, SqliteDialect, SqliteDriver, type DatabaseConnection, type Dialect, type SqliteDialectConfig } from 'kysely';
import type { DB } from './schema';
import { registerHandle } from './handle';
import { startCheckpointer } from './checkpointer';
import { sha256Hex } from '../crypto';
import { StartupError } from '../startupError';
import { engineOf } from './dialect';
import { openPostgres } from './postgres';

export type Db = Kysely<DB>;

/** How long a write waits for another process's write lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;
const RESTORE_BUSY_TIMEOUT = `PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`;

export interface OpenedDatabase {
  /** The one query layer. The raw better-sqlite3 handle stays inside core/db (migrations, the seed). */
  db: Db;
  /** True when this call created the file (a new data folder). */
  created: boolean;
  close(): Promise<void>;
}

/** Where the data lives: PostgreSQL when `databaseUrl` is set (DATABASE_URL), else the SQLite file of `dataDir`. */
export interface DatabaseTarget {
  dataDir: string;
  databaseUrl: string | null;
  /** Most pooled PostgreSQL connections of this process (DATABASE_POOL_MAX). */
  databasePoolMax: number;
}

/**
 * Opens the configured database and applies pending migrations (under a lock on either engine): PostgreSQL at
 * `databaseUrl`, else the SQLite file of `dataDir` (see openDatabase; `checkIntegrity` applies to it only).
 * @throws StartupError for a database the server must not or cannot use
 */
export async function openConfiguredDatabase(target: DatabaseTarget, opts: { checkIntegrity?: boolean } = {}): Promise<OpenedDatabase> {
  if (target.databaseUrl) return openPostgres(target.databaseUrl, target.databasePoolMax);
  return openDatabase(target.dataDir, opts);
}

/** The database file of a data folder. */
export const databaseFile = (dataDir: string): string => path.join(dataDir, 'yizhan.sqlite');

/** The first 16 bytes of every SQLite 3 database file (sqlite.org/fileformat.html, 1.3). */
const SQLITE_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

/** How to recover from a database file the server refuses; `dataDir` is named for the development way out. */
const restoreAdvice = (dataDir: string): string =>
  `Nothing was changed. To recover: stop every server of this folder and restore it from a backup (yizhan.sqlite ` +
  `together with the master.key saved with it; README "Backups"). For a development folder whose data you do not ` +
  `need: delete the data folder ${dataDir} to start over (a new one is created and seeded).`;

/**
 * Refuses a database file that is there but cannot be this server's: empty (0 bytes: SQLite would take it for a
 * new database and the server would seed it, silently losing every worker and booking), or not starting with the
 * SQLite header. @throws StartupError
 */
function assertDatabaseFile(file: string, dataDir: string): void {
  const fd = fs.openSync(file, 'r');
  const head = Buffer.alloc(SQLITE_HEADER.length);
  let read: number;
  try {
    read = fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (read === 0) {
    throw new StartupError(
      `${file} is empty (0 bytes): the database was lost (a failed copy or disk, or a file emptied by hand), ` +
        `and the server will not seed a new one over it. ${restoreAdvice(dataDir)}`,
    );
  }
  if (read < head.length || !head.equals(SQLITE_HEADER)) {
    throw new StartupError(`${file} is not a SQLite database (it does not begin with "SQLite format 3"). ${restoreAdvice(dataDir)}`);
  }
}

/**
 * PRAGMA quick_check (sqlite.org/pragma.html#pragma_quick_check): the database's structure, page by page, without
 * the slower index-content checks of integrity_check. @throws StartupError naming the first problems found
 */
function assertIntact(sqlite: Database.Database, file: string, dataDir: string): void {
  const problems = (sqlite.pragma('quick_check(5)') as { quick_check: string }[]).map((r) => r.quick_check);
  if (problems.length === 1 && problems[0] === 'ok') return;
  throw new StartupError(`${file} is damaged (PRAGMA quick_check: ${problems.join('; ')}). ${restoreAdvice(dataDir)}`);
}

/** SQLite's answers for a file that is not a database, or not a whole one. */
const DAMAGED_CODES = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB']);

/**
 * Opens `{dataDir}/yizhan.sqlite` in WAL mode and applies pending migrations; a missing file is created (the
 * caller decides whether a missing file means a new folder: core/dataFolder.ts). An existing file is refused when
 * empty, foreign or damaged, with `checkIntegrity` by PRAGMA quick_check (a cluster's primary checks once for its
 * workers). Kysely is the one query layer (openConfiguredDatabase opens PostgreSQL instead when configured).
 * @throws StartupError for a file the server must not use
 */
export function openDatabase(dataDir: string, opts: { checkIntegrity?: boolean } = {}): OpenedDatabase {
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = databaseFile(dataDir);
  const created = !fs.existsSync(file);
  if (!created) assertDatabaseFile(file, dataDir);
  const sqlite = new Database(file);
  try {
    return opened(sqlite, file, dataDir, created, opts.checkIntegrity ?? true);
  } catch (err) {
    sqlite.close();
    if (DAMAGED_CODES.has((err as { code?: string }).code ?? '')) {
      throw new StartupError(`${file} is damaged (${(err as Error).message}). ${restoreAdvice(dataDir)}`);
    }
    throw err;
  }
}

function opened(sqlite: Database.Database, file: string, dataDir: string, created: boolean, checkIntegrity: boolean): OpenedDatabase {
  // Owner-only: the file holds names and sealed personal data. SQLite gives the -wal and -shm files the
  // database file's mode, so this comes before WAL mode creates them.
  fs.chmodSync(file, 0o600);
  // Before anything writes to a file that may be damaged.
  if (checkIntegrity && !created) assertIntact(sqlite, file, dataDir);
  // WAL: readers never block the writer; NORMAL sync is durable across a process crash (SIGKILL) in WAL mode.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // Deleted rows are overwritten with zeros instead of lingering in free pages, so deleting an account
  // really removes the person's data from the file (PIPL art. 47).
  sqlite.pragma('secure_delete = ON');
  // For migrations that hash stored secrets (006): SQLite has no SHA-256 of its own.
  sqlite.function('sha256_hex', { deterministic: true }, (s: unknown) => (s === null ? null : sha256Hex(String(s))));
  migrate(sqlite);
  // Checkpoints run in a thread of their own (core/db/checkpointer.ts), not inside a request's COMMIT.
  sqlite.pragma('wal_autocheckpoint = 0');
  const checkpointer = startCheckpointer(file, () => {
    if (sqlite.open) sqlite.pragma('wal_autocheckpoint = 1000');
  });
  const db = new Kysely<DB>({ dialect: immediateSqliteDialect({ database: withStatementCache(sqlite) }, sqlite) });
  registerHandle(db, sqlite);
  return {
    db,
    created,
    close: async () => {
      await checkpointer.stop();
      await db.destroy();
    },
  };
}

/**
 * Kysely's SQLite driver begins every transaction DEFERRED (`begin`; kysely issue #1152: no setting for it). With
 * several server processes on one file, a deferred transaction that reads and then writes fails at once with
 * SQLITE_BUSY ("database is locked"), without waiting busy_timeout, when another process wrote in between
 * (sqlite.org/isolation.html; sqlite.org/c3ref/busy_handler.html). Every transaction of this backend writes, so
 * each begins IMMEDIATE: it takes the write lock first, waiting up to busy_timeout for another process's commit.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  constructor(
    config: SqliteDialectConfig,
    private readonly sqlite: Database.Database,
  ) {
    super(config);
  }

  /**
   * While another process holds the write lock, waits in 1 ms steps on the event loop, not in SQLite's busy
   * handler: that one sleeps the whole process (nearby searches and reads included) in growing steps of up to
   * 100 ms, and a booking rush on two processes ran at a third of one process's rate. Gives up with SQLITE_BUSY
   * after BUSY_TIMEOUT_MS, as the busy handler would.
   */
  override async beginTransaction(_connection: DatabaseConnection): Promise<void> {
    // On the raw handle, the connection Kysely holds for this transaction (its one connection).
    await whenWriteLockFree(this.sqlite, () => this.sqlite.exec('begin immediate'));
  }
}

/** Kysely's SqliteDialect with ImmediateSqliteDriver. */
function immediateSqliteDialect(config: SqliteDialectConfig, sqlite: Database.Database): Dialect {
  const base = new SqliteDialect(config);
  return {
    createDriver: () => new ImmediateSqliteDriver(config, sqlite),
    createQueryCompiler: () => base.createQueryCompiler(),
    createAdapter: () => base.createAdapter(),
    createIntrospector: (db) => base.createIntrospector(db),
  };
}

/**
 * Checkpoints the WAL into the database file and truncates it to zero bytes (PRAGMA wal_checkpoint(TRUNCATE)),
 * so deleted rows leave the disk now. Through Kysely, which holds its one connection for a transaction's whole
 * length: run on the raw handle while another request's transaction was open, the pragma failed with
 * SQLITE_LOCKED ("database table is locked"). Resolves false when readers of other processes kept it from
 * finishing within busy_timeout.
 */
export async function truncateWal(db: Db): Promise<boolean> {
  // PostgreSQL has no such file for the server to truncate: its WAL is recycled by checkpoints and its dead rows
  // are reclaimed by (auto)vacuum, both the database administrator's settings.
  if (engineOf(db) === 'postgres') return true;
  const { rows } = await sql<{ busy: number }>`pragma wal_checkpoint(TRUNCATE)`.execute(db);
  return rows[0]?.busy === 0;
}

/**
 * Runs `takeLock` (a statement that takes the write lock first: BEGIN IMMEDIATE) and returns its result; while
 * another process holds the lock (SQLITE_BUSY) tries again every 1 ms on the event loop, for up to
 * BUSY_TIMEOUT_MS, then throws that SQLITE_BUSY. Each attempt runs with the connection's busy_timeout at 0,
 * restored before anything else can run (it is shared with every other request's statements), and set through
 * `pragma()` each time, never a kept statement: SQLite applies PRAGMA busy_timeout when the statement is
 * prepared, so running a prepared one again changes nothing. Other errors are thrown at once.
 */
async function whenWriteLockFree<T>(sqlite: Database.Database, takeLock: () => T): Promise<T> {
  const deadlineMs = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    // exec, not pragma(): the same statement without a Statement object and its result rows per call.
    sqlite.exec('PRAGMA busy_timeout = 0');
    try {
      return takeLock();
    } catch (err) {
      if ((err as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() >= deadlineMs) throw err;
    } finally {
      sqlite.exec(RESTORE_BUSY_TIMEOUT);
    }
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

/** Most distinct SQL texts kept prepared; Kysely builds a bounded set of queries, so this is never reached in practice. */
const STATEMENT_CACHE_MAX = 1000;

/**
 * Kysely's SQLite driver prepares every statement on every query (~8% of server CPU under the unlock
 * bench). better-sqlite3 statements are reusable and the API is synchronous, so a prepared statement per
 * SQL text is safe to share.
 */
function withStatementCache(sqlite: Database.Database): Database.Database {
  const cache = new Map<string, Database.Statement>();
  return new Proxy(sqlite, {
    get(target, prop, receiver) {
      if (prop !== 'prepare') {
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      }
      return (source: string) => {
        let stmt = cache.get(source);
        if (!stmt) {
          if (cache.size >= STATEMENT_CACHE_MAX) cache.clear();
          stmt = target.prepare(source);
          cache.set(source, stmt);
        }
        return stmt;
      };
    },
  });
}

const MIGRATIONS_DIR = path.join(__dirname, 'migrations');

/**
 * Applies `migrations/NNN_*.sql` in order (the SQLite ones; migrations/postgres/ holds PostgreSQL's, same names),
 * each once, each in its own transaction; returns those it applied. Foreign keys are off while migrating and
 * checked before each commit (PRAGMA foreign_key_check), as sqlite.org/lang_altertable.html prescribes for
 * rebuilding a table that others reference (009).
 */
export function migrate(sqlite: Database.Database): string[] {
  sqlite.exec('CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
  const done = sqlite.prepare('SELECT 1 FROM schema_migrations WHERE name = ?');
  const applied: string[] = [];
  const foreignKeys = sqlite.pragma('foreign_keys', { simple: true }) as number;
  sqlite.pragma('foreign_keys = OFF');
  try {
    for (const file of fs
      .readdirSync(MIGRATIONS_DIR)
      .filter((f) => f.endsWith('.sql'))
      .sort()) {
      const migration = fs.readFileSync(path.join(MIGRATIONS_DIR, file), 'utf8');
      // Checked inside the write transaction (IMMEDIATE), so a second server starting at the same moment waits,
      // then finds it applied (two at once failed with "duplicate column name").
      const ran = sqlite
        .transaction(() => {
          if (done.get(file)) return false;
          sqlite.exec(migration);
          const broken = sqlite.pragma('foreign_key_check') as unknown[];
          if (broken.length > 0) throw new Error(`migration ${file} leaves ${broken.length} rows with broken foreign keys`);
          sqlite.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)').run(file, Date.now());
          return true;
        })
        .immediate();
      if (ran) applied.push(file);
    }
  } finally {
    sqlite.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`);
  }
  return applied;
}
