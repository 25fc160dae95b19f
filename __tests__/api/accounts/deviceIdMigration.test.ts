/**
 * A data folder from before device ids were hashed: the migration replaces each stored device id with its SHA-256,
 * and the device still signs in to the same account. On either engine (SQLite: a function the server registers;
 * PostgreSQL: its built-in sha256()).
 */
import crypto from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { loadConfig } from '../../../mock/src/core/config';
import { buildServer } from '../../../mock/src/app';
import { call } from '../../support/server';
import { createTestDatabase, querySql, testEngine, type TestDatabase } from '../../support/database';

const MIGRATIONS = path.resolve(__dirname, '../../../mock/src/core/db/migrations');
const DEVICE_ID = 'legacy-device-0001-aaaaaaaaaaaaaaaaaa';
/** `printf %s legacy-device-0001-aaaaaaaaaaaaaaaaaa | sha256sum` */
const DEVICE_ID_SHA256 = '52d5c9488d782c47cc1822757d7a88d8f58a042920371e2f4736cf5b0763e54f';

/** The migrations before 006 of an engine, in order: [name, SQL]. */
const before006 = (dir: string): [string, string][] =>
  fs
    .readdirSync(dir)
    .filter((f) => /^00[1-5]_.*\.sql$/.test(f))
    .sort()
    .map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]);

/** A database as migrations 001-005 left it, with one account signed in by a device id stored as it came. */
async function legacyFolder(): Promise<{ dir: string; database: TestDatabase | null }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-legacy-'));
  fs.writeFileSync(path.join(dir, 'master.key'), crypto.randomBytes(32).toString('base64'), { mode: 0o600 });
  const account = ['a_legacy', DEVICE_ID];
  if (testEngine() === 'postgres') {
    const database = await createTestDatabase({ empty: true });
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query('CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)');
      for (const [file, text] of before006(path.join(MIGRATIONS, 'postgres'))) {
        await client.query(text);
        await client.query('INSERT INTO schema_migrations (name, applied_at) VALUES ($1, 0)', [file]);
      }
      await client.query('INSERT INTO accounts (id, device_id, wx_openid, worker_id, created_at) VALUES ($1, $2, NULL, NULL, 0)', account);
    } finally {
      await client.end();
    }
    return { dir, database };
  }
  const db = new Database(path.join(dir, 'yizhan.sqlite'));
  db.exec('CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
  for (const [file, text] of before006(MIGRATIONS)) {
    db.exec(text);
    db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, 0)').run(file);
  }
  db.prepare('INSERT INTO accounts (id, device_id, wx_openid, worker_id, created_at) VALUES (?, ?, NULL, NULL, 0)').run(...account);
  db.close();
  return { dir, database: null };
}

it('stored device ids become their SHA-256; the device signs in to the same account', async () => {
  const { dir, database } = await legacyFolder();
  const env = {
    PORT: '0',
    DATA_DIR: dir,
    LOG_LEVEL: 'silent',
    SCHEDULER_INTERVAL_S: '0',
    ...(database ? { DATABASE_URL: database.url } : {}),
  };
  const { app, ctx } = await buildServer(loadConfig(env));
  try {
    const api = `${await app.listen({ port: 0, host: '127.0.0.1' })}/api/v1`;
    const r = await call(`${api}/sessions`, { method: 'POST', body: { deviceId: DEVICE_ID } });
    expect(r.status).toBe(201);
    const tokenHash = crypto.createHash('sha256').update(r.body.token).digest('hex');
    expect(await querySql(ctx.db, 'SELECT account_id FROM sessions WHERE token_hash = ?', [tokenHash])).toEqual([
      { account_id: 'a_legacy' },
    ]);
    const rows = await querySql(ctx.db, 'SELECT * FROM accounts', []);
    expect(rows).toHaveLength(1);
    expect(rows[0].device_id_hash).toBe(DEVICE_ID_SHA256);
    expect(JSON.stringify(rows[0])).not.toContain(DEVICE_ID);
  } finally {
    await app.close();
    await database?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
