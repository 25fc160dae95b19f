/**
 * Which engine the API and browser suites run on, and a fresh PostgreSQL database per server. `npm test` runs them
 * on SQLite (a temp file per server, no service needed). `npm run test:pg` sets TEST_ENGINE=postgres: every
 * server then gets a database of its own, `yizhan_test_<random>`, created on the PostgreSQL server of
 * TEST_DATABASE_URL and dropped when the server closes, so no run depends on what an earlier one left.
 * Suites named `*.sqlite.test.ts` are about the SQLite file itself and are not part of the PostgreSQL run
 * (jest.config.js).
 */
import { randomBytes } from 'crypto';
import pg from 'pg';
import { CompiledQuery, type Kysely } from 'kysely';
import { engineOf } from '../../mock/src/core/db/dialect';

export type TestEngine = 'sqlite' | 'postgres';

/** The engine of this run: TEST_ENGINE=postgres (npm run test:pg), else SQLite. */
export function testEngine(): TestEngine {
  return process.env.TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';
}

/** TEST_DATABASE_URL, required on a PostgreSQL run. @throws Error saying how to set it */
function adminUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    throw new Error(
      'TEST_ENGINE=postgres needs TEST_DATABASE_URL, e.g. TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run test:pg',
    );
  }
  return url;
}

export interface TestDatabase {
  /** The URL of the new database (DATABASE_URL for the server under test). */
  url: string;
  /** Drops the database, ending any connection still open to it. */
  drop: () => Promise<void>;
}

/** Runs `text` on the PostgreSQL server of TEST_DATABASE_URL, on a connection of its own. */
async function onServer(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** The URL of database `name` on the server of TEST_DATABASE_URL. */
function urlOf(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * The template every server's database of this run is copied from (CREATE DATABASE ... TEMPLATE: a file copy, far
 * quicker than migrating and seeding each one): made by {@link setUpTemplate} in jest's globalSetup of this run,
 * named in YIZHAN_TEST_TEMPLATE (set there, inherited by the test workers), dropped by {@link tearDownTemplate}.
 */
const TEMPLATE_ENV = 'YIZHAN_TEST_TEMPLATE';

/** Creates, migrates and seeds this run's template database (PostgreSQL runs only; once per run). */
export async function setUpTemplate(): Promise<void> {
  if (testEngine() !== 'postgres' || process.env[TEMPLATE_ENV]) return;
  const name = `yizhan_test_tpl_${randomBytes(6).toString('hex')}`;
  await onServer(`CREATE DATABASE ${name}`);
  const { openConfiguredDatabase } = await import('../../mock/src/core/db/database');
  const { seedDatabase } = await import('../../mock/src/core/db/seed');
  const { loadSeed } = await import('../../mock/seed/load');
  const opened = await openConfiguredDatabase({ dataDir: '', databaseUrl: urlOf(name), databasePoolMax: 1 });
  try {
    await seedDatabase(opened.db, loadSeed());
  } finally {
    await opened.close();
  }
  process.env[TEMPLATE_ENV] = name;
}

/** Drops this run's template database, if one was made. */
export async function tearDownTemplate(): Promise<void> {
  const name = process.env[TEMPLATE_ENV];
  if (testEngine() !== 'postgres' || !name) return;
  delete process.env[TEMPLATE_ENV];
  await onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

/**
 * Creates a database `yizhan_test_<random>` on the server of TEST_DATABASE_URL: a copy of this run's migrated and
 * seeded template when there is one (the server under test still runs its migrations and seed check on it, finding
 * them done), else empty (`empty`: always empty, for a test that builds its own schema).
 */
export async function createTestDatabase(opts: { empty?: boolean } = {}): Promise<TestDatabase> {
  const name = `yizhan_test_${randomBytes(6).toString('hex')}`;
  const template = opts.empty ? undefined : process.env[TEMPLATE_ENV];
  await onServer(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
  return {
    url: urlOf(name),
    // WITH (FORCE), PostgreSQL 13+: a pool the test left open does not keep the database alive.
    drop: () => onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/**
 * What a server under test needs for the engine of this run: nothing on SQLite (DATA_DIR's file), a new database
 * (DATABASE_URL) on PostgreSQL, with its cleanup.
 */
export async function engineFor(): Promise<{ env: Record<string, string>; cleanup: () => Promise<void> }> {
  if (testEngine() === 'sqlite') return { env: {}, cleanup: async () => undefined };
  const database = await createTestDatabase();
  return { env: { DATABASE_URL: database.url }, cleanup: database.drop };
}

/** A row as a test reads it. */
export type Row = Record<string, unknown>;

/**
 * Runs one SQL statement written with `?` placeholders on `db` (the server's Kysely instance, either engine) and
 * returns its rows. Tests write portable SQL; PostgreSQL gets `$1, $2, ...` in place of the `?`s.
 */
export async function querySql<T = Row>(db: Kysely<any>, text: string, params: unknown[]): Promise<T[]> {
  let n = 0;
  const compiled = engineOf(db) === 'postgres' ? text.replace(/\?/g, () => `$${++n}`) : text;
  const result = await db.executeQuery<T>(CompiledQuery.raw(compiled, params));
  return result.rows;
}

/**
 * Every text value of every column of every table of the server's database (either engine), e.g. to show that a
 * secret or a plaintext identity number is stored nowhere.
 */
export async function storedTexts(db: Kysely<any>): Promise<string[]> {
  const tables =
    engineOf(db) === 'postgres'
      ? await querySql<{ name: string }>(
          db,
          "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
          [],
        )
      : await querySql<{ name: string }>(db, "SELECT name FROM sqlite_master WHERE type = 'table'", []);
  const values: string[] = [];
  for (const { name } of tables) {
    for (const row of await querySql<Row>(db, `SELECT * FROM "${name}"`, [])) {
      for (const v of Object.values(row)) {
        if (typeof v === 'string') values.push(v);
        else if (Buffer.isBuffer(v)) values.push(v.toString('latin1'));
      }
    }
  }
  return values;
}

/**
 * Runs one portable SQL statement (`?` placeholders) on the database of a server that runs in another process:
 * the SQLite file of `dataDir`, or the PostgreSQL database of `env.DATABASE_URL` (as given by engineFor).
 */
export async function queryDatabaseOf<T = Row>(
  dataDir: string,
  env: Record<string, string>,
  text: string,
  ...params: unknown[]
): Promise<T[]> {
  const { openConfiguredDatabase } = await import('../../mock/src/core/db/database');
  const opened = await openConfiguredDatabase(
    { dataDir, databaseUrl: env.DATABASE_URL ?? null, databasePoolMax: 1 },
    { checkIntegrity: false },
  );
  try {
    return await querySql<T>(opened.db, text, params);
  } finally {
    await opened.close();
  }
}
