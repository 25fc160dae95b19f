/**
 * The data folder at start (issue 11 §3): the database carries a check value of the master key, and a server with
 * another key (master.key deleted and regenerated, a wrong YIZHAN_MASTER_KEY) refuses to start and says how to
 * recover, on either engine (each folder gets its own database: support/database.ts). Found: with master.key
 * deleted the server made a new key (every printed door code "forged", exports 500, an identity number registered
 * twice). The SQLite file's own checks (zero-length, foreign, damaged, missing) are in dataFolder.sqlite.test.ts.
 */
import { spawn } from 'child_process';
import crypto from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { loadConfig } from '../../../mock/src/core/config';
import { buildServer } from '../../../mock/src/app';
import { call } from '../../support/server';
import { register, registrationBody, VALID_IDS } from '../../support/registration';
import { engineFor } from '../../support/database';

jest.setTimeout(60_000);

const ROOT = path.resolve(__dirname, '..', '..', '..');
const dirs: string[] = [];
/** The database of each folder: nothing on SQLite (the folder's file), DATABASE_URL of its own on PostgreSQL. */
const engines = new Map<string, Record<string, string>>();
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function newFolder(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-folder-'));
  dirs.push(dir);
  const engine = await engineFor();
  engines.set(dir, engine.env);
  cleanups.push(engine.cleanup);
  return dir;
}

const configOf = (dir: string, env: Record<string, string> = {}) =>
  loadConfig({ PORT: '0', DATA_DIR: dir, LOG_LEVEL: 'silent', SCHEDULER_INTERVAL_S: '0', ...engines.get(dir), ...env });

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

const RECOVERY = /restore the original master\.key[\s\S]*YIZHAN_MASTER_KEY[\s\S]*delete the data folder .* to start over/;

describe('the master key check value', () => {
  it('master.key deleted: the next start refuses, makes no new key, and starts again once the key is restored', async () => {
    const dir = await newFolder();
    await withServer(dir, {}, async (api) => expect(await registerWorker(api, VALID_IDS.digit)).toBe(201));
    const keyFile = path.join(dir, 'master.key');
    const original = fs.readFileSync(keyFile);
    fs.rmSync(keyFile);
    const refused = buildServer(configOf(dir));
    await expect(refused).rejects.toThrow(`${keyFile} is missing`);
    await expect(refused).rejects.toThrow(RECOVERY);
    expect(fs.existsSync(keyFile)).toBe(false);
    fs.writeFileSync(keyFile, original, { mode: 0o600 });
    await withServer(dir, {}, async (api) => {
      // The identity number registered under the original key is still known (the lookup HMAC matches).
      expect(await registerWorker(api, VALID_IDS.digit)).toBe(409);
    });
  });

  it('a regenerated master.key (another random key) is refused: not the key of this database', async () => {
    const dir = await newFolder();
    await withServer(dir, {});
    fs.writeFileSync(path.join(dir, 'master.key'), crypto.randomBytes(32).toString('base64'));
    const refused = buildServer(configOf(dir));
    await expect(refused).rejects.toThrow(
      `the master key in ${path.join(dir, 'master.key')} is not the key this database was created with`,
    );
    await expect(refused).rejects.toThrow(RECOVERY);
  });

  it('YIZHAN_MASTER_KEY: another key is refused, the original one starts', async () => {
    const dir = await newFolder();
    const key = crypto.randomBytes(32).toString('base64');
    await withServer(dir, { YIZHAN_MASTER_KEY: key });
    expect(fs.existsSync(path.join(dir, 'master.key'))).toBe(false);
    await expect(buildServer(configOf(dir, { YIZHAN_MASTER_KEY: crypto.randomBytes(32).toString('base64') }))).rejects.toThrow(
      'the master key in YIZHAN_MASTER_KEY is not the key this database was created with',
    );
    await expect(buildServer(configOf(dir))).rejects.toThrow('is missing');
    await withServer(dir, { YIZHAN_MASTER_KEY: key });
  });

  it('npm start as a cluster: the primary refuses once and exits 1 before starting any worker', async () => {
    const dir = await newFolder();
    await withServer(dir, {});
    fs.writeFileSync(path.join(dir, 'master.key'), crypto.randomBytes(32).toString('base64'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'mock/src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', WORKERS: '2', DATA_DIR: dir, NODE_ENV: 'test', ...engines.get(dir) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(stderr.split('is not the key this database was created with').length - 1).toBe(1);
    expect(stderr).toMatch(RECOVERY);
    // A refusal, not a crash: no stack trace; and no worker was started.
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).not.toContain('server process');
  });
});
