/**
 * Door entry against the real server: printed and rotating codes, the location limit, every refusal code,
 * the entry log, and the door controller's grant poll and acknowledgement. Rate limits are off here
 * (doorLimits.test.ts covers them). Door d0039 is the printed-code door of ty0195 near 五一广场; d0050 has a screen.
 */
import { startServer, call, newSession, type TestServer } from '../../support/server';
import { registeredWorker } from '../../support/booking';
import { withLocationConsent } from '../../support/door';
import { printedDoorCode, rotatingDoorCode } from '../../../mock/src/features/doors/doorCodes';
import { deviceKeys } from '../../../mock/src/features/doors/deviceKeys';
import { loadMasterKey } from '../../../mock/src/core/keys';
import { stationById } from '../../../mock/src/features/stations/repo';
import { grantHubOf } from '../../../mock/src/features/doors/grantHub';

/** 2026-12-01 10:00:00 Shanghai = 02:00:00 UTC, a whole 30 s step: step = 1796090400 / 30 = 59869680. */
const T0 = Date.UTC(2026, 11, 1, 2, 0, 0);
const STEP0 = 59_869_680;
/** Metres per degree of latitude on the mean Earth radius 6,371,008.8 m (IUGG), the radius of src/rules/geo.ts. */
const M_PER_DEG_LAT = (6_371_008.8 * Math.PI) / 180;

let s: TestServer;
let token: string;
let key: (doorId: string) => string;
let station: { lat: number; lng: number; phone: string; name: string };
const printed = (doorId: string) => printedDoorCode(s.ctx.keys, s.ctx.config.doorHost, doorId);
const unlock = (body: unknown, t = token) => call(`${s.api}/doors/unlock`, { method: 'POST', token: t, body });
const device = (doorId: string) => ({ 'x-device-key': key(doorId) });
const north = (m: number) => ({ lat: station.lat + m / M_PER_DEG_LAT, lng: station.lng, coord: 'gcj02' });
/** A fix 20 m north of ty0195, a smart (unattended) station: its printed code opens only with a fix (presence.test.ts). */
const AT_DOOR = () => north(20);

beforeAll(async () => {
  s = await startServer({ RATE_LIMIT: 'off' });
  s.clock.nowMs = T0;
  token = await withLocationConsent(s.api, await registeredWorker(s.api, 401));
  key = deviceKeys(loadMasterKey(s.dataDir, null)).keyOf;
  station = (await stationById(s.ctx.db, 'ty0195'))!;
});
afterAll(async () => s.close());
beforeEach(() => {
  s.clock.nowMs = T0;
});

describe('printed codes', () => {
  it('opens d0039 with its printed code and a fix at the door, and logs the entry as waiting for the door', async () => {
    const r = await unlock({ code: printed('d0039'), location: AT_DOOR() });
    expect(r.status).toBe(201);
    expect(r.body.grant).toMatchObject({ doorId: 'd0039', stationId: 'ty0195', expiresAt: '2026-12-01T10:00:10+08:00' });
    expect(r.body.station.phone).toBe(station.phone);
    expect(r.body.entry).toMatchObject({ locationPresent: true, distanceM: 20, doorState: 'waiting' });
  });

  it.each([
    ['a door id alone', 'https://yz.tyzgh.cn/d/d0039', 'DOOR_CODE_MALFORMED'],
    ['a truncated MAC', () => printed('d0039').slice(0, -1), 'DOOR_CODE_MALFORMED'],
    ['a forged MAC', () => printed('d0039').replace(/.{16}$/, 'AAAAAAAAAAAAAAAA'), 'DOOR_CODE_FORGED'],
    ['another door with this MAC', () => printed('d0039').replace('d0039', 'd0040'), 'DOOR_CODE_FORGED'],
    ['our path on a foreign host', () => printed('d0039').replace('yz.tyzgh.cn', 'evil.example'), 'DOOR_CODE_FORGED'],
    ['a key id never issued', () => printed('d0039').replace('.1.', '.0.'), 'DOOR_CODE_FORGED'],
    ['an unknown door', 'https://yz.tyzgh.cn/d/zz999.1.AAAAAAAAAAAAAAAA', 'DOOR_UNKNOWN'],
    ['a payment code', 'wxp://f2f0abcdef', 'DOOR_CODE_FOREIGN'],
    ['a worker pass', 'YZP1.abcdefgh.1796090440.nonce1.AAAAAAAAAAAAAAAA', 'DOOR_CODE_KIND'],
  ])('refuses %s with 422 DOOR_CODE_INVALID', async (_label, code, reason) => {
    const r = await unlock({ code: typeof code === 'function' ? code() : code });
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({ code: 'DOOR_CODE_INVALID', details: { reason } });
    expect(r.body.error.message).toMatch(/[\u4e00-\u9fa5]/);
  });

  it('a code of d0039 typed in the wrong case: says so, and gives the station duty phone', async () => {
    const mac = printed('d0039').slice(-16);
    const r = await unlock({ code: `d0039.1.${mac.toLowerCase() === mac ? mac.toUpperCase() : mac.toLowerCase()}` });
    expect(r.status).toBe(422);
    expect(r.body.error).toEqual({
      code: 'DOOR_CODE_INVALID',
      message: '这个编号对不上。手动输入时请注意大小写（如 P 和 p 不同），或直接扫码；仍打不开请拨打驿站值班电话。',
      details: { reason: 'DOOR_CODE_FORGED', stationPhone: station.phone },
    });
  });

  it('lets in a fix 300 m away, refuses 302 m with the distance, and adds the reported accuracy', async () => {
    expect((await unlock({ code: printed('d0039'), location: north(300) })).status).toBe(201);
    const far = await unlock({ code: printed('d0039'), location: north(302) });
    expect(far.status).toBe(403);
    expect(far.body.error).toMatchObject({ code: 'TOO_FAR', details: { distanceM: 302, allowedM: 300 } });
    expect(far.body.error.message).toContain('302米');
    const blurred = await unlock({ code: printed('d0039'), location: { ...north(302), accuracyM: 10 } });
    expect(blurred.status).toBe(201);
    expect(blurred.body.entry).toMatchObject({ locationPresent: true, distanceM: 302 });
  });

  it('refuses a photo of the code used across town (五一广场 code from 太原南站, ~8 km)', async () => {
    const r = await unlock({ code: printed('d0039'), location: { lat: 37.7526, lng: 112.6248, coord: 'gcj02', accuracyM: 30 } });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('TOO_FAR');
    expect(r.body.error.details.distanceM).toBeGreaterThan(8000);
  });

  it('answers 403 NOT_REGISTERED to a session without a worker, 401 without a session', async () => {
    const anon = await newSession(s.api);
    const r = await unlock({ code: printed('d0039') }, anon);
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('NOT_REGISTERED');
    expect((await call(`${s.api}/doors/unlock`, { method: 'POST', body: { code: printed('d0039') } })).status).toBe(401);
  });
});

describe('rotating screen codes', () => {
  const screen = async () => call(`${s.api}/doors/d0050/screen-code`, { headers: device('d0050') });

  it('serves the current code to the screen with its device key only', async () => {
    s.clock.nowMs = T0 + 12_000;
    const r = await screen();
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      code: rotatingDoorCode(s.ctx.keys, 'yz.tyzgh.cn', 'd0050', STEP0),
      step: STEP0,
      showUntil: '2026-12-01T10:00:30+08:00',
      acceptedUntil: '2026-12-01T10:01:00+08:00',
      refreshInMs: 18_000,
    });
    expect(r.body.code).toMatch(/^https:\/\/yz\.tyzgh\.cn\/r\/d0050\.59869680\.[A-Za-z0-9_-]{16}$/);
    const wrong = await call(`${s.api}/doors/d0050/screen-code`, { headers: device('d0039') });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('DEVICE_KEY_INVALID');
  });

  it('accepts a code one second before its window closes and refuses it with 410 one second after', async () => {
    const code = rotatingDoorCode(s.ctx.keys, 'yz.tyzgh.cn', 'd0050', STEP0);
    s.clock.nowMs = T0 + 59_000; // previous step now: still accepted
    expect((await unlock({ code })).status).toBe(201);
    s.clock.nowMs = T0 + 61_000; // two steps on
    const late = await unlock({ code });
    expect(late.status).toBe(410);
    expect(late.body.error.code).toBe('DOOR_CODE_EXPIRED');
    s.clock.nowMs = T0 - 1_000; // the step before it was issued: only a forger or a clock fault
    expect((await unlock({ code })).body.error.details.reason).toBe('DOOR_CODE_FUTURE');
  });

  it('needs no location, but a relayed one sent from across town is refused like a printed code', async () => {
    const code = rotatingDoorCode(s.ctx.keys, 'yz.tyzgh.cn', 'd0050', STEP0);
    expect((await unlock({ code })).status).toBe(201);
    const r = await unlock({ code, location: { lat: 37.7526, lng: 112.6248, coord: 'gcj02' } });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('TOO_FAR');
  });

  it('sends a screen URL opened by a phone camera to the h5 unlock page with the full code', async () => {
    const res = await fetch(`${s.baseUrl}/r/d0050.${STEP0}.faduZunvhbWntu_p`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(
      `/#/packages/unlock/pages/index/index?code=${encodeURIComponent(`https://yz.tyzgh.cn/r/d0050.${STEP0}.faduZunvhbWntu_p`)}`,
    );
  });

  it('refuses a rotating code whose MAC was made for another door or step', async () => {
    const code = rotatingDoorCode(s.ctx.keys, 'yz.tyzgh.cn', 'd0050', STEP0).replace(`.${STEP0}.`, `.${STEP0 - 1}.`);
    expect((await unlock({ code })).body.error.details.reason).toBe('DOOR_CODE_FORGED');
  });
});

describe('the door controller and the entry log', () => {
  it('hands the grant to the controller, records its ack, and the app sees the door opened', async () => {
    const u = await unlock({ code: printed('d0039'), location: AT_DOOR() });
    const polled = await call(`${s.api}/doors/d0039/grants`, { headers: device('d0039') });
    expect(polled.status).toBe(200);
    const g = polled.body.grants.find((x: { id: string }) => x.id === u.body.grant.id);
    expect(g).toMatchObject({ entryId: u.body.entry.id, expiresInMs: 10_000 });
    const seen = await call(`${s.api}/entries/${u.body.entry.id}`, { token });
    expect(seen.body.entry.doorState).toBe('waiting');
    s.clock.nowMs = T0 + 800;
    const ack = await call(`${s.api}/grants/${g.id}/ack`, { method: 'POST', headers: device('d0039') });
    expect(ack.status).toBe(200);
    expect(ack.body.grant.ackedAt).toBe('2026-12-01T10:00:00+08:00');
    const again = await call(`${s.api}/grants/${g.id}/ack`, { method: 'POST', headers: device('d0039') });
    expect(again.status).toBe(200);
    const after = await call(`${s.api}/doors/d0039/grants`, { headers: device('d0039') });
    expect(after.body.grants.map((x: { id: string }) => x.id)).not.toContain(g.id);
    const done = await call(`${s.api}/entries/${u.body.entry.id}`, { token });
    expect(done.body.entry).toMatchObject({ outcome: 'granted', doorState: 'opened', doorAckedAt: '2026-12-01T10:00:00+08:00' });
  });

  it('reports no_response once the grant and its 2 s grace are over, and then refuses a late ack', async () => {
    const u = await unlock({ code: printed('d0039'), location: AT_DOOR() });
    s.clock.nowMs = T0 + 11_999;
    expect((await call(`${s.api}/entries/${u.body.entry.id}`, { token })).body.entry.doorState).toBe('waiting');
    s.clock.nowMs = T0 + 12_000;
    const entry = (await call(`${s.api}/entries/${u.body.entry.id}`, { token })).body.entry;
    expect(entry).toMatchObject({ doorState: 'no_response', station: { phone: station.phone } });
    const late = await call(`${s.api}/grants/${u.body.grant.id}/ack`, { method: 'POST', headers: device('d0039') });
    expect(late.status).toBe(410);
    expect(late.body.error.code).toBe('GRANT_EXPIRED');
    expect((await call(`${s.api}/doors/d0039/grants`, { headers: device('d0039') })).body.grants).toEqual([]);
  });

  it('wakes a long-polling controller the moment a grant is created', async () => {
    s.clock.nowMs = T0 + 100_000;
    const poll = call(`${s.api}/doors/d0039/grants?waitS=25`, { headers: device('d0039') });
    // Resolves only once the poll is parked: a grant created before would be answered anyway.
    await waitFor(() => grantHubOf(s.ctx).waiting > 0);
    expect(grantHubOf(s.ctx).waiting).toBe(1);
    const u = await unlock({ code: printed('d0039'), location: AT_DOOR() });
    const r = await poll;
    expect(r.body.grants.map((x: { id: string }) => x.id)).toEqual([u.body.grant.id]);
  });

  it('refuses acks and polls with another door’s key, and does not show others’ entries', async () => {
    const u = await unlock({ code: printed('d0039'), location: AT_DOOR() });
    expect((await call(`${s.api}/grants/${u.body.grant.id}/ack`, { method: 'POST', headers: device('d0040') })).status).toBe(401);
    expect((await call(`${s.api}/doors/zz999/grants`, { headers: { 'x-device-key': key('zz999') } })).status).toBe(401);
    // An unknown grant answers like a wrong key, with or without a key: nothing tells which grant ids exist.
    for (const headers of [device('d0039'), {}]) {
      const r = await call(`${s.api}/grants/g_nope/ack`, { method: 'POST', headers });
      expect({ status: r.status, code: r.body.error.code }).toEqual({ status: 401, code: 'DEVICE_KEY_INVALID' });
    }
    expect((await call(`${s.api}/grants/${u.body.grant.id}/ack`, { method: 'POST' })).status).toBe(401);
    const other = await registeredWorker(s.api, 402);
    expect((await call(`${s.api}/entries/${u.body.entry.id}`, { token: other })).status).toBe(404);
  });

  it('lists the worker’s own entries newest first, refusals included with their reason', async () => {
    const r = await call(`${s.api}/me/entries?limit=200`, { token });
    expect(r.status).toBe(200);
    const at = r.body.entries.map((e: { at: string }) => e.at);
    expect([...at].sort().reverse()).toEqual(at);
    const reasons = new Set(r.body.entries.map((e: { reason: string | null }) => e.reason));
    for (const reason of ['TOO_FAR', 'DOOR_CODE_EXPIRED', 'DOOR_CODE_FORGED', null]) expect(reasons).toContain(reason);
    const other = await registeredWorker(s.api, 403);
    expect((await call(`${s.api}/me/entries`, { token: other })).body.entries).toEqual([]);
  });
});

async function waitFor(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !cond(); i++) await new Promise((r) => setTimeout(r, 1));
}
