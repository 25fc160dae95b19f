/**
 * SQLite only (the SQLite file itself): a zero-length, foreign or damaged yizhan.sqlite refuses to start, never
 * re-seeded; a database missing beside its master.key is a lost database, not a new folder (issue 11 §3; found: a
 * zero-length file was re-seeded). The master key checks, on both engines, are in dataFolder.test.ts.
 */
import crypto from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';
import Database from 'better-sqlite3';
import { loadConfig } from '../../../mock/src/core/config';
import { buildServer } from '../../../mock/src/app';
import { call } from '../../support/server';
import { register, registrationBody, VALID_IDS } from '../../support/registration';

jest.setTimeout(60_000);

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function newFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-folder-'));
  dirs.push(dir);
  return dir;
}

const configOf = (dir: string, env: Record<string, string> = {}) =>
  loadConfig({ PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'silent', SCHEDULER_INTERVAL_S: '0', ...env });

/** Starts the server on `dir`, runs `during` with its API URL, and stops it. */
async function withServer(
  dir: string,
  env: Record<string, string>,
  during: (api: string) => Promise<void> = async () => undefined,
): Promise<void> {
  const { app } = await buildServer(configOf(dir, env));
  try {
    await during(`${await app.listen({ port: 0, host: '127.0.0.1' })}/api/v1`);
  } finally {
    await app.close();
  }
}

async function registerWorker(api: string, idNumber: string): Promise<number> {
  const session = await call(`${api}/sessions`, { method: 'POST', body: { deviceId: crypto.randomBytes(16).toString('hex') } });
  return (await register(api, session.body.token, registrationBody({ idNumber }))).status;
}

const stationCount = (dir: string): number => {
  const db = new Database(path.join(dir, 'yizhan.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT COUNT(*) FROM stations').pluck().get() as number;
  } finally {
    db.close();
  }
};

describe('the database file', () => {
  it('a new, empty data folder is still created and seeded (the quick start)', async () => {
    const dir = newFolder();
    await withServer(dir, {});
    expect(stationCount(dir)).toBe(741);
  });

  it('a zero-length yizhan.sqlite refuses to start and is left as it was (no re-seed)', async () => {
    const dir = newFolder();
    const file = path.join(dir, 'yizhan.sqlite');
    fs.writeFileSync(file, '');
    await expect(buildServer(configOf(dir))).rejects.toThrow(`${file} is empty (0 bytes)`);
    expect(fs.statSync(file).size).toBe(0);
  });

  it('a file of other bytes refuses to start: not a SQLite database', async () => {
    const dir = newFolder();
    const file = path.join(dir, 'yizhan.sqlite');
    const garbage = crypto.randomBytes(64 * 1024);
    fs.writeFileSync(file, garbage);
    await expect(buildServer(configOf(dir))).rejects.toThrow(`${file} is not a SQLite database`);
    expect(fs.readFileSync(file).equals(garbage)).toBe(true);
  });

  it('a truncated database (cut to 40%) fails the integrity check at start', async () => {
    const dir = newFolder();
    await withServer(dir, {}, async (api) => expect(await registerWorker(api, VALID_IDS.second)).toBe(201));
    const file = path.join(dir, 'yizhan.sqlite');
    fs.truncateSync(file, Math.floor(fs.statSync(file).size * 0.4));
    const refused = buildServer(configOf(dir));
    await expect(refused).rejects.toThrow(`${file} is damaged`);
    await expect(refused).rejects.toThrow(/restore it from a backup/);
  });

  it('a database missing beside its master.key is a lost database: refused, nothing created', async () => {
    const dir = newFolder();
    await withServer(dir, {});
    const file = path.join(dir, 'yizhan.sqlite');
    fs.rmSync(file);
    const refused = buildServer(configOf(dir));
    await expect(refused).rejects.toThrow(`${file} is missing, but ${path.join(dir, 'master.key')} is there`);
    await expect(refused).rejects.toThrow(/delete the data folder .* to start over/);
    expect(fs.existsSync(file)).toBe(false);
  });
});
