/**
 * Personal data: no plaintext identity number or phone in the logs or the database, consents with version and
 * time, the worker's rights (export, change phone, delete), and the development key's file mode. The bytes of the
 * SQLite file and its WAL (secure_delete, the WAL truncated after a deletion) are checked in
 * core/databaseFile.sqlite.test.ts.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { startServer, call, newSession, type TestServer } from '../../support/server';
import { storedTexts } from '../../support/database';
import { register, registrationBody, VALID_IDS } from '../../support/registration';
import { addBookingRows, addPastEntry, setConsentVersion } from '../../support/booking';
import { loadMasterKey } from '../../../mock/src/core/keys';
import { PRIVACY_POLICY_VERSION } from '@/rules/privacy';

const T0 = Date.parse('2026-11-30T10:00:00+08:00');

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(async () => s.close());
beforeEach(() => {
  s.clock.nowMs = T0;
});

/** Where `needle` is found: 'database' (any stored text of any table), 'logs'. */
const hits = async (needle: string): Promise<string[]> => {
  const found = (await storedTexts(s.ctx.db)).some((v) => v.includes(needle)) ? ['database'] : [];
  if (s.logs().includes(needle)) found.push('logs');
  return found;
};

describe('no plaintext identity number or phone anywhere at rest or in logs', () => {
  it('after registering, changing the phone and exporting: zero hits in the logs and the database', async () => {
    const token = await newSession(s.api);
    const typedId = '1401 0519 9003 0712 34';
    const typedPhone = '+86 138-1234-5678';
    const newPhoneTyped = '139 0000 2222';
    expect((await register(s.api, token, registrationBody({ idNumber: typedId, phone: typedPhone, name: '赵敏' }))).status).toBe(201);
    expect((await call(`${s.api}/me/phone`, { method: 'PUT', token, body: { phone: newPhoneTyped } })).status).toBe(200);
    expect((await call(`${s.api}/me/export`, { token })).body.worker.idNumber).toBe(VALID_IDS.digit);
    // A refused registration logs too: its body must not leak either.
    await register(s.api, await newSession(s.api), registrationBody({ idNumber: VALID_IDS.digit, phone: '13700003333' }));

    // The search can find things: the masked values and the (plain) name are stored.
    expect(await hits('139****2222')).toContain('database');
    expect(await hits('赵敏')).toContain('database');
    expect(s.logs()).toContain('"path":"/api/v1/workers"');

    for (const needle of [
      VALID_IDS.digit,
      typedId,
      '14010519900307',
      '13812345678',
      typedPhone,
      '13900002222',
      newPhoneTyped,
      '13700003333',
    ]) {
      expect({ needle, found: await hits(needle) }).toEqual({ needle, found: [] });
    }
  });
});

describe('consents', () => {
  it('records the location consent with version and time, and withdraws it', async () => {
    const token = await newSession(s.api);
    const given = await call(`${s.api}/me/consents`, {
      method: 'POST',
      token,
      body: { kind: 'location', version: PRIVACY_POLICY_VERSION },
    });
    expect(given.status).toBe(201);
    expect(given.body.location).toEqual({ version: PRIVACY_POLICY_VERSION, at: '2026-11-30T10:00:00+08:00', current: true });
    // Unregistered: no notice/identity-number consent yet, so registration consent is not current.
    expect(given.body).toMatchObject({ policyVersion: PRIVACY_POLICY_VERSION, current: false, privacy: null, idNumber: null });
    s.clock.nowMs = T0 + 60_000;
    const withdrawn = await call(`${s.api}/me/consents/location`, { method: 'DELETE', token });
    expect(withdrawn.body.location).toBeNull();
    expect((await call(`${s.api}/me/consents`, { token })).body.location).toBeNull();
  });

  it.each([
    [{ kind: 'location', version: '2020-01-01' }, 422, 'CONSENT_OUTDATED'],
    [{ kind: 'marketing', version: PRIVACY_POLICY_VERSION }, 400, 'VALIDATION_FAILED'],
    [{ kind: 'location' }, 400, 'VALIDATION_FAILED'],
  ])('refuses %j with %i %s', async (body, status, code) => {
    const r = await call(`${s.api}/me/consents`, { method: 'POST', token: await newSession(s.api), body });
    expect([r.status, r.body.error.code]).toEqual([status, code]);
  });

  it('a worker who consented to an older notice is asked again: GET /me says consent is not current until renewed', async () => {
    const token = await newSession(s.api);
    const worker = (await register(s.api, token, registrationBody({ idNumber: VALID_IDS.second }))).body;
    // As if registered under the previous notice.
    await setConsentVersion(s, worker.id, '2025-01-01');
    const stale = (await call(`${s.api}/me`, { token })).body.consent;
    expect(stale).toMatchObject({ current: false, privacy: { version: '2025-01-01', current: false }, idNumber: { current: false } });
    for (const kind of ['privacy', 'idNumber']) {
      await call(`${s.api}/me/consents`, { method: 'POST', token, body: { kind, version: PRIVACY_POLICY_VERSION } });
    }
    expect((await call(`${s.api}/me`, { token })).body.consent).toMatchObject({
      current: true,
      privacy: { version: PRIVACY_POLICY_VERSION },
    });
  });
});

describe('the worker rights', () => {
  it('PUT /me/phone validates, stores the normalised number and answers it masked', async () => {
    const token = await newSession(s.api);
    await register(s.api, token, registrationBody({ idNumber: VALID_IDS.third }));
    const bad = await call(`${s.api}/me/phone`, { method: 'PUT', token, body: { phone: '1234' } });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatchObject({ code: 'PHONE_INVALID', details: { field: 'phone' } });
    const ok = await call(`${s.api}/me/phone`, { method: 'PUT', token, body: { phone: '0086 186 0000 1111' } });
    expect(ok.body.phoneMasked).toBe('186****1111');
    expect((await call(`${s.api}/me/export`, { token })).body.worker.phone).toBe('18600001111');
    const unregistered = await call(`${s.api}/me/phone`, { method: 'PUT', token: await newSession(s.api), body: { phone: '18600001111' } });
    expect([unregistered.status, unregistered.body.error.code]).toEqual([404, 'NOT_REGISTERED']);
  });

  it('export and deletion: full values for the owner only, then personal data gone and history kept anonymously', async () => {
    const token = await newSession(s.api);
    const worker = (await register(s.api, token, registrationBody({ idNumber: VALID_IDS.fourth, name: '欧阳娜娜', phone: '15800004444' })))
      .body;
    const door = await addPastEntry(s, 'e_t1', worker.id, T0 - 3_600_000);
    // Two bookings after tomorrow, in two sessions (one booking per session): one booked, one checked in.
    const slots = await addBookingRows(s, worker.id, T0 + 86_400_000, [
      { id: 'b_t1', status: 'booked', createdAtMs: T0 },
      { id: 'b_t2', status: 'checked_in', createdAtMs: T0 },
    ]);

    const exp = await call(`${s.api}/me/export`, { token });
    expect(exp.headers.get('cache-control')).toBe('no-store');
    expect(exp.body).toMatchObject({
      exportedAt: '2026-11-30T10:00:00+08:00',
      account: { login: 'device' },
      worker: { name: '欧阳娜娜', idNumber: VALID_IDS.fourth, phone: '15800004444', occupation: 'delivery' },
      consents: [
        { kind: 'privacy', version: PRIVACY_POLICY_VERSION, withdrawn: false },
        { kind: 'idNumber', version: PRIVACY_POLICY_VERSION, withdrawn: false },
      ],
      entries: [{ at: '2026-11-30T09:00:00+08:00', stationId: door.station_id, outcome: 'granted' }],
    });
    expect(exp.body.bookings.map((b: { id: string }) => b.id).sort()).toEqual(['b_t1', 'b_t2']);
    // Another account sees only its own (empty) copy.
    expect((await call(`${s.api}/me/export`, { token: await newSession(s.api) })).body).toMatchObject({
      worker: null,
      entries: [],
      bookings: [],
    });
    expect(s.logs()).toContain('personal_data_export');

    const del = await call(`${s.api}/me`, { method: 'DELETE', token });
    expect(del.body).toEqual({ entriesAnonymised: 1, bookingsAnonymised: 2, upcomingBookingsCancelled: 1 });
    expect((await call(`${s.api}/me`, { token })).status).toBe(401);
    expect(await s.one('SELECT count(*) AS n FROM workers WHERE id = ?', worker.id)).toEqual({ n: 0 });
    expect(
      await s.one('SELECT count(*) AS n FROM accounts a JOIN consents c ON c.account_id = a.id WHERE a.worker_id = ?', worker.id),
    ).toEqual({ n: 0 });
    expect(await s.one(`SELECT worker_id, outcome FROM entries WHERE id = 'e_t1'`)).toEqual({ worker_id: null, outcome: 'granted' });
    expect(await s.query(`SELECT id, worker_id, status FROM bookings WHERE id IN ('b_t1', 'b_t2') ORDER BY id`)).toEqual([
      { id: 'b_t1', worker_id: null, status: 'cancelled' },
      { id: 'b_t2', worker_id: null, status: 'checked_in' },
    ]);
    expect(await s.one('SELECT booked FROM slots WHERE id = ?', slots[0].id)).toEqual({ booked: slots[0].booked });
    // The name is gone from every table (from the SQLite file's bytes too: core/databaseFile.sqlite.test.ts).
    expect(await hits('欧阳娜娜')).toEqual([]);
    // The identity number is free again: the keyed hash went with the worker.
    expect((await register(s.api, await newSession(s.api), registrationBody({ idNumber: VALID_IDS.fourth }))).status).toBe(201);
  });

  it('deleting an account that never registered removes its consents and sessions', async () => {
    const token = await newSession(s.api);
    await call(`${s.api}/me/consents`, { method: 'POST', token, body: { kind: 'location', version: PRIVACY_POLICY_VERSION } });
    const del = await call(`${s.api}/me`, { method: 'DELETE', token });
    expect(del.body).toEqual({ entriesAnonymised: 0, bookingsAnonymised: 0, upcomingBookingsCancelled: 0 });
    expect((await call(`${s.api}/me/consents`, { token })).status).toBe(401);
  });

  it.each([
    ['GET', '/me/export'],
    ['PUT', '/me/phone'],
    ['DELETE', '/me'],
    ['GET', '/me/consents'],
  ])('%s %s needs a session', async (method, p) => {
    const r = await call(`${s.api}${p}`, { method, body: method === 'PUT' ? { phone: '13800000000' } : undefined });
    expect(r.status).toBe(401);
  });
});

describe('the development master key', () => {
  it('is created with mode 0600 in the data folder', () => {
    expect(fs.statSync(path.join(s.dataDir, 'master.key')).mode & 0o777).toBe(0o600);
  });

  it('a key file with group or world bits is tightened to 0600 and still read', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-key-'));
    const file = path.join(dir, 'master.key');
    fs.writeFileSync(file, Buffer.alloc(32, 7).toString('base64'), { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    expect(loadMasterKey(dir, null)).toEqual(Buffer.alloc(32, 7));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
