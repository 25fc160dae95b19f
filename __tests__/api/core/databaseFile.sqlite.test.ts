/**
 * SQLite only (the bytes of yizhan.sqlite and its WAL on disk; PostgreSQL's storage is the database server's):
 * owner-only files, no session token or device id and no plaintext identity number or phone in any byte, and a
 * deleted worker's name gone from the disk (secure_delete, WAL truncated after the deletion), not only from the
 * tables. What is stored in the tables is checked on both engines by accounts/privacy and accounts/secretsAtRest.
 */
import { randomBytes } from 'crypto';
import fs from 'fs';
import path from 'path';
import { startServer, call, newSession, type TestServer } from '../../support/server';
import { register, registrationBody, VALID_IDS } from '../../support/registration';

let s: TestServer;
beforeAll(async () => {
  s = await startServer({ RATE_LIMIT: 'off' });
});
afterAll(async () => s.close());

/** The names of the database's files on disk (the file, its WAL and shared memory) whose bytes hold `needle`. */
const filesHolding = (needle: string): string[] =>
  ['yizhan.sqlite', 'yizhan.sqlite-wal', 'yizhan.sqlite-shm'].filter((f) => {
    const file = path.join(s.dataDir, f);
    return fs.existsSync(file) && fs.readFileSync(file).includes(Buffer.from(needle, 'utf8'));
  });

it('keeps the database and its WAL owner-only (0600)', () => {
  for (const f of ['yizhan.sqlite', 'yizhan.sqlite-wal']) {
    expect((fs.statSync(path.join(s.dataDir, f)).mode & 0o777).toString(8)).toBe('600');
  }
});

it('holds no session token or device id in any byte of the file or its WAL', async () => {
  const secrets: string[] = [];
  for (const idNumber of [VALID_IDS.digit, VALID_IDS.second]) {
    const deviceId = randomBytes(16).toString('hex');
    const r = await call(`${s.api}/sessions`, { method: 'POST', body: { deviceId } });
    expect((await register(s.api, r.body.token, registrationBody({ idNumber }))).status).toBe(201);
    secrets.push(deviceId, r.body.token);
  }
  for (const secret of secrets) expect({ secret, files: filesHolding(secret) }).toEqual({ secret, files: [] });
});

it('holds no plaintext identity number or phone in any byte; a deleted name leaves the disk with the request', async () => {
  const token = await newSession(s.api);
  const reg = await register(s.api, token, registrationBody({ idNumber: VALID_IDS.third, phone: '13812340001', name: '欧阳娜娜' }));
  expect(reg.status).toBe(201);
  expect((await call(`${s.api}/me/phone`, { method: 'PUT', token, body: { phone: '139 0000 2222' } })).status).toBe(200);
  // The search can find things: the masked phone and the name are in the files.
  expect(filesHolding('139****2222').length).toBeGreaterThan(0);
  expect(filesHolding('欧阳娜娜').length).toBeGreaterThan(0);
  for (const needle of [VALID_IDS.third, '13812340001', '13900002222'])
    expect({ needle, files: filesHolding(needle) }).toEqual({ needle, files: [] });
  expect((await call(`${s.api}/me`, { method: 'DELETE', token })).status).toBe(200);
  expect(filesHolding('欧阳娜娜')).toEqual([]);
});
