/**
 * Worker passes against the real server: issued to registered workers only, carry no personal data, read by
 * the door's reader with its device key, single use (also under two reads at the same moment), expiry, retired by
 * the next pass, and read only at a door that has a reader. Door d0069 (station ty0293) has a reader; d0039 has none.
 */
import { startServer, call, newSession, type TestServer } from '../../support/server';
import { registeredWorker } from '../../support/booking';
import { deviceKeys } from '../../../mock/src/features/doors/deviceKeys';
import { loadMasterKey } from '../../../mock/src/core/keys';
import { passText } from '../../../mock/src/features/doors/doorCodes';

/** 2026-12-01 10:00:00 Shanghai; unix seconds 1796090400. */
const T0 = Date.UTC(2026, 11, 1, 2, 0, 0);

let s: TestServer;
let token: string;
let readerKey: string;
const issue = (t = token) => call(`${s.api}/me/pass`, { method: 'POST', token: t });
const read = (pass: string, doorId = 'd0069', key = readerKey) =>
  call(`${s.api}/doors/${doorId}/pass-reads`, { method: 'POST', headers: { 'x-device-key': key }, body: { pass } });

beforeAll(async () => {
  s = await startServer({ RATE_LIMIT: 'off' });
  token = await registeredWorker(s.api, 501);
  readerKey = deviceKeys(loadMasterKey(s.dataDir, null)).keyOf('d0069');
});
afterAll(async () => s.close());
beforeEach(() => {
  s.clock.nowMs = T0;
});

it('issues a 40 s pass that says nothing about the worker, to be replaced after 30 s', async () => {
  const r = await issue();
  expect(r.status).toBe(201);
  expect(r.headers.get('cache-control')).toBe('no-store');
  expect(r.body).toMatchObject({ expiresAt: '2026-12-01T10:00:40+08:00', refreshAt: '2026-12-01T10:00:30+08:00', refreshInMs: 30_000 });
  const [tag, passId, expires, nonce, mac] = r.body.pass.split('.');
  expect({ tag, expires }).toEqual({ tag: 'YZP1', expires: '1796090440' });
  expect(passId).toMatch(/^[0-9a-v]{16}$/);
  expect(nonce).toMatch(/^[A-Za-z0-9_-]{8}$/);
  expect(mac).toMatch(/^[A-Za-z0-9_-]{16}$/);
  const me = (await call(`${s.api}/me`, { token })).body;
  const workerId: string = me.worker?.id ?? me.id;
  expect(r.body.pass).not.toContain(workerId);
  const second = await issue();
  expect(second.body.pass.split('.')[1]).not.toBe(passId);
});

it('refuses a pass to a session that has not registered (403 NOT_REGISTERED)', async () => {
  const r = await issue(await newSession(s.api));
  expect(r.status).toBe(403);
  expect(r.body.error.code).toBe('NOT_REGISTERED');
});

it('opens the door once; the second read of the same pass is 409 PASS_REPLAYED', async () => {
  const { pass } = (await issue()).body;
  const first = await read(pass);
  expect(first.status).toBe(201);
  expect(first.body.grant).toMatchObject({ doorId: 'd0069', expiresInMs: 10_000 });
  const second = await read(pass);
  expect(second.status).toBe(409);
  expect(second.body.error.code).toBe('PASS_REPLAYED');
  const entries = (await call(`${s.api}/me/entries`, { token })).body.entries;
  expect(entries[0]).toMatchObject({ outcome: 'refused', reason: 'PASS_REPLAYED', codeKind: 'pass', locationPresent: false });
  expect(entries[1]).toMatchObject({ id: first.body.entry.id, outcome: 'granted', codeKind: 'pass', doorState: 'waiting' });
});

it('gives exactly one grant when three readers post the same pass at the same moment', async () => {
  for (let round = 0; round < 10; round++) {
    const { pass } = (await issue()).body;
    const results = await Promise.all([read(pass), read(pass), read(pass)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
  }
  const granted = await s.query(
    "SELECT pass_id, COUNT(*) AS n FROM entries WHERE outcome = 'granted' AND pass_id IS NOT NULL GROUP BY pass_id HAVING COUNT(*) > 1",
  );
  expect(granted).toEqual([]);
});

it('accepts a pass one second before it expires and refuses it with 410 PASS_EXPIRED at expiry', async () => {
  // Two workers: a worker's next pass would retire the first (below).
  const a = (await issue()).body.pass;
  const b = (await issue(await registeredWorker(s.api, 502))).body.pass;
  s.clock.nowMs = T0 + 39_000;
  expect((await read(a)).status).toBe(201);
  s.clock.nowMs = T0 + 40_000;
  const late = await read(b);
  expect(late.status).toBe(410);
  expect(late.body.error.code).toBe('PASS_EXPIRED');
});

it('refuses forged, altered and foreign contents with 422 DOOR_CODE_INVALID, the reason and a pass’s own message', async () => {
  const { pass } = (await issue()).body;
  const [, passId, exp, nonce] = pass.split('.');
  const cases: [string, string][] = [
    [pass.replace(/.{16}$/, 'AAAAAAAAAAAAAAAA'), 'DOOR_CODE_FORGED'],
    [`YZP1.${passId}.${Number(exp) + 600}.${nonce}.${pass.slice(-16)}`, 'DOOR_CODE_FORGED'],
    [passText(s.ctx.keys, 'neverissued01', Number(exp), nonce), 'PASS_UNKNOWN'],
    [pass.slice(0, -3), 'DOOR_CODE_MALFORMED'],
    ['https://yz.tyzgh.cn/d/d0069.1.AAAAAAAAAAAAAAAA', 'DOOR_CODE_KIND'],
    ['https://example.com/pay', 'DOOR_CODE_FOREIGN'],
  ];
  for (const [text, reason] of cases) {
    const r = await read(text);
    expect({ status: r.status, code: r.body.error.code, reason: r.body.error.details.reason }).toEqual({
      status: 422,
      code: 'DOOR_CODE_INVALID',
      reason,
    });
    // The reader speaks of the phone's pass, never of "the code on the door" (that is the unlock's message).
    expect(r.body.error.message).toBe(
      reason === 'DOOR_CODE_KIND'
        ? '这是驿站门上的码，读码器只认手机上的个人通行码。请在小程序里打开“我的进门码”再扫，或用手机扫门上的驿站码。'
        : '这个通行码无效或已过期，请在手机上刷新通行码后再扫。',
    );
  }
  expect((await read(pass)).status).toBe(201);
});

it('takes reads only from the door’s own device key', async () => {
  const { pass } = (await issue()).body;
  const other = deviceKeys(loadMasterKey(s.dataDir, null)).keyOf('d0072');
  const r = await read(pass, 'd0069', other);
  expect(r.status).toBe(401);
  expect(r.body.error.code).toBe('DEVICE_KEY_INVALID');
  expect((await read(pass, 'd0069', '')).status).toBe(401);
  expect((await read(pass)).status).toBe(201);
});

it('five passes issued in a row: only the last opens a door, the earlier four answer 410 PASS_RETIRED', async () => {
  const t = await registeredWorker(s.api, 503);
  const passes: string[] = [];
  for (let i = 0; i < 5; i++) {
    s.clock.nowMs = T0 + i * 1000;
    passes.push((await issue(t)).body.pass);
  }
  for (const old of passes.slice(0, 4)) {
    const r = await read(old);
    expect(r.status).toBe(410);
    expect(r.body.error).toEqual({ code: 'PASS_RETIRED', message: '这个通行码已换成新的了，请出示小程序里最新的通行码再扫。' });
  }
  expect((await read(passes[4])).status).toBe(201);
  const entries = (await call(`${s.api}/me/entries`, { token: t })).body.entries;
  expect(entries.map((e: { outcome: string; reason: string | null }) => e.reason ?? e.outcome)).toEqual([
    'granted',
    'PASS_RETIRED',
    'PASS_RETIRED',
    'PASS_RETIRED',
    'PASS_RETIRED',
  ]);
  // A used pass stays used: the next one retires nothing that was already read.
  expect((await read(passes[4])).body.error.code).toBe('PASS_REPLAYED');
  await issue(t);
  expect((await read(passes[4])).body.error.code).toBe('PASS_REPLAYED');
});

it('reads passes only at a door with a reader: d0039 (printed code only) answers 409 DOOR_LACKS_READER', async () => {
  const { pass } = (await issue()).body;
  const printedOnlyKey = deviceKeys(loadMasterKey(s.dataDir, null)).keyOf('d0039');
  const r = await read(pass, 'd0039', printedOnlyKey);
  expect(r.status).toBe(409);
  expect(r.body.error).toEqual({ code: 'DOOR_LACKS_READER', message: '这扇门没有登记读码器，不能在这里读通行码，请核对设备配置的门号。' });
  const row = await s.one("SELECT outcome, reason FROM entries WHERE door_id = 'd0039' ORDER BY seq DESC LIMIT 1");
  expect(row).toEqual({ outcome: 'refused', reason: 'DOOR_LACKS_READER' });
  // The pass was not used up: the reader door still takes it.
  expect((await read(pass)).status).toBe(201);
});
