/**
 * A copy of the database alone (no master key) must not let anyone in: device ids are passwords and session tokens
 * are bearer secrets, so the database holds neither, only their SHA-256 (issue 11 §3: from a copy of the file,
 * sessions and full exports of 20 of 20 h5 accounts were taken by signing in with the stored device ids). The bytes
 * of the SQLite file and its WAL are checked in core/databaseFile.sqlite.test.ts.
 */
import { randomBytes } from 'crypto';
import { startServer, call, type TestServer } from '../../support/server';
import { storedTexts } from '../../support/database';
import { register, registrationBody, VALID_IDS } from '../../support/registration';

let s: TestServer;
const deviceIds: string[] = [];
const tokens: string[] = [];

beforeAll(async () => {
  s = await startServer({ RATE_LIMIT: 'off' });
  const ids = [VALID_IDS.digit, VALID_IDS.second, VALID_IDS.third];
  for (const idNumber of ids) {
    const deviceId = randomBytes(16).toString('hex');
    const r = await call(`${s.api}/sessions`, { method: 'POST', body: { deviceId } });
    expect(r.status).toBe(201);
    expect((await register(s.api, r.body.token, registrationBody({ idNumber }))).status).toBe(201);
    deviceIds.push(deviceId);
    tokens.push(r.body.token);
  }
  // A device that signed in without registering, with two sessions.
  const lone = randomBytes(16).toString('hex');
  for (let i = 0; i < 2; i++) tokens.push((await call(`${s.api}/sessions`, { method: 'POST', body: { deviceId: lone } })).body.token);
  deviceIds.push(lone);
});
afterAll(async () => s.close());

describe('the database alone', () => {
  it('holds no device id and no session token in any column of any table', async () => {
    const values = await storedTexts(s.ctx.db);
    expect(values.length).toBeGreaterThan(1000);
    for (const secret of [...deviceIds, ...tokens]) {
      expect(values.filter((v) => v.includes(secret))).toEqual([]);
    }
  });

  it('lets no request authenticate: no stored value works as a bearer token or signs in to a registered account', async () => {
    const candidates = [...new Set((await storedTexts(s.ctx.db)).filter((v) => /^[A-Za-z0-9_.-]{16,128}$/.test(v)))];
    // The stored hashes of 5 sessions and 4 device ids are among them, at least.
    expect(candidates.length).toBeGreaterThanOrEqual(9);
    for (const candidate of candidates) {
      const me = await call(`${s.api}/me`, { token: candidate });
      expect([candidate, me.status]).toEqual([candidate, 401]);
      if (!/^[A-Za-z0-9_-]{32,64}$/.test(candidate)) continue;
      const signIn = await call(`${s.api}/sessions`, { method: 'POST', body: { deviceId: candidate } });
      expect(signIn.status).toBe(201);
      // A stored value used as a device id is only a new, empty account: nobody's worker.
      expect([candidate, signIn.body.worker]).toEqual([candidate, null]);
    }
  });

  it('the real device ids still sign in to their workers', async () => {
    const r = await call(`${s.api}/sessions`, { method: 'POST', body: { deviceId: deviceIds[0] } });
    expect(r.body.worker.idNumberMasked).toBe('140***********1234');
    expect((await call(`${s.api}/me`, { token: tokens[0] })).status).toBe(200);
  });
});
