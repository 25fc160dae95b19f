/**
 * A data folder from before device ids were hashed: the migration replaces each stored device id with its SHA-256,
 * and the device still signs in to the same account.
 */
import crypto from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';
import Database from 'better-sqlite3';
import { loadConfig } from '../../../mock/src/core/config';
import { buildServer } from '../../../mock/src/app';
import { call } from '../../support/server';

const MIGRATIONS = path.resolve(__dirname, '../../../mock/src/core/db/migrations');
const DEVICE_ID = 'legacy-device-0001-aaaaaaaaaaaaaaaaaa';
/** `printf %s legacy-device-0001-aaaaaaaaaaaaaaaaaa | sha256sum` */
const DEVICE_ID_SHA256 = '52d5c9488d782c47cc1822757d7a88d8f58a042920371e2f4736cf5b0763e54f';

/** A database as migrations 001-005 left it, with one account signed in by a device id stored as it came. */
function legacyFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-legacy-'));
  fs.writeFileSync(path.join(dir, 'master.key'), crypto.randomBytes(32).toString('base64'), { mode: 0o600 });
  const db = new Database(path.join(dir, 'yizhan.sqlite'));
  db.exec('CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)');
  for (const file of fs.readdirSync(MIGRATIONS).filter((f) => /^00[1-5]_.*\.sql$/.test(f)).sort()) {
    db.exec(fs.readFileSync(path.join(MIGRATIONS, file), 'utf8'));
    db.prepare('INSERT INTO schema_migrations (name, applied_at) VALUES (?, 0)').run(file);
  }
  db.prepare('INSERT INTO accounts (id, device_id, wx_openid, worker_id, created_at) VALUES (?, ?, NULL, NULL, 0)').run('a_legacy', DEVICE_ID);
  db.close();
  return dir;
}

it('stored device ids become their SHA-256; the device signs in to the same account', async () => {
  const dir = legacyFolder();
  const { app } = await buildServer(loadConfig({ PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'silent', SCHEDULER_INTERVAL_S: '0' }));
  try {
    const api = `${await app.listen({ port: 0, host: '127.0.0.1' })}/api/v1`;
    const r = await call(`${api}/sessions`, { method: 'POST', body: { deviceId: DEVICE_ID } });
    expect(r.status).toBe(201);
    const db = new Database(path.join(dir, 'yizhan.sqlite'), { readonly: true });
    try {
      const tokenHash = crypto.createHash('sha256').update(r.body.token).digest('hex');
      expect(db.prepare('SELECT account_id FROM sessions WHERE token_hash = ?').pluck().get(tokenHash)).toBe('a_legacy');
      expect(db.prepare('SELECT COUNT(*) FROM accounts').pluck().get()).toBe(1);
      const row = db.prepare('SELECT * FROM accounts').get() as Record<string, unknown>;
      expect(row.device_id_hash).toBe(DEVICE_ID_SHA256);
      expect(JSON.stringify(row)).not.toContain(DEVICE_ID);
    } finally {
      db.close();
    }
  } finally {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
