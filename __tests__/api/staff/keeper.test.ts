/**
 * The keeper's side (issue 13): a station's entries of a day with masked workers, closing a station for a while
 * (暂停开放 at once in the nearby list, the station page and the staff list, on another server too; a worker's
 * unlock refused naming the reason), and opening a door remotely for a worker whose phone failed.
 * ty0195 (五一广场, 24 h, 迎泽区 140106) has door d0039; ty0205 (also 迎泽区) has d0041.
 */
import { fixAtDoor, withLocationConsent } from '../../support/door';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { startServer, call, type TestServer } from '../../support/server';
import { registeredWorker, sh } from '../../support/booking';
import { auditRows, staffMember, type TestStaff } from '../../support/staff';
import { engineFor } from '../../support/database';
import { printedDoorCode } from '../../../mock/src/features/doors/doorCodes';
import { deviceKeys } from '../../../mock/src/features/doors/deviceKeys';
import { loadMasterKey } from '../../../mock/src/core/keys';
import { grantHubOf } from '../../../mock/src/features/doors/grantHub';
import { stationChangesOf, type StationRelay } from '../../../mock/src/features/stations';

/** 2026-12-01 10:00:00 Shanghai. */
const T0 = sh(2026, 12, 1, 10, 0);
/** At ty0195 itself (GCJ-02). */
const WUYI = 'lat=37.862593&lng=112.575992&coord=gcj02';

let s: TestServer;
let keeper: TestStaff;
let keeper205: TestStaff;
let city: TestStaff;
let keyOf: (doorId: string) => string;
const printed = (doorId: string) => printedDoorCode(s.ctx.keys, s.ctx.config.doorHost, doorId);
const got = (r: { status: number; body: any }) => [r.status, r.body?.error?.code ?? null];
/** A worker at the door (20 m away, with consent to location: the presence an unattended door needs, issue 14). */
const unlock = (token: string, doorId = 'd0039') =>
  call(`${s.api}/doors/unlock`, { method: 'POST', token, body: { code: printed(doorId), location: fixAtDoor(doorId) } });
const doorWorker = async (n: number) => withLocationConsent(s.api, await registeredWorker(s.api, n));
const nearbyEntry = async (server: TestServer, id: string) =>
  (await call(`${server.api}/stations/nearby?${WUYI}`)).body.stations.find((x: { id: string }) => x.id === id);

beforeAll(async () => {
  s = await startServer({ SCHEDULER_INTERVAL_S: '0', RATE_STAFF_REMOTE_OPEN_MAX: '3' });
  s.clock.nowMs = T0;
  keyOf = deviceKeys(loadMasterKey(s.dataDir, null)).keyOf;
  keeper = await staffMember(s, 'keeper', { stationId: 'ty0195' }, { displayName: '王师傅' });
  keeper205 = await staffMember(s, 'keeper', { stationId: 'ty0205' });
  city = await staffMember(s, 'city', {}, { displayName: '李主任' });
});
afterAll(async () => s.close());

describe("a station's entries", () => {
  it('lists the day newest first with masked workers and each outcome; audited', async () => {
    s.clock.nowMs = T0;
    const worker = await doorWorker(501);
    const first = await unlock(worker);
    expect(first.status).toBe(201);
    // The controller acknowledges the first grant: opened.
    const ack = await call(`${s.api}/grants/${first.body.grant.id}/ack`, { method: 'POST', headers: { 'x-device-key': keyOf('d0039') } });
    expect(ack.status).toBe(200);
    s.clock.nowMs = T0 + 60_000;
    expect((await unlock(worker)).status).toBe(201); // never acknowledged: no_response once 10 s + 2 s are over
    s.clock.nowMs = T0 + 120_000;
    expect((await unlock(worker)).status).toBe(201); // still waiting at the read: granted
    s.clock.nowMs = T0 + 125_000;
    const r = await call(`${s.api}/staff/stations/ty0195/entries?date=2026-12-01`, { token: keeper.token });
    expect(r.status).toBe(200);
    expect(r.headers.get('cache-control')).toBe('no-store');
    const w = { maskedName: '测***', maskedPhone: '139****0501' };
    const door = { id: 'd0039', name: '正门' };
    expect(r.body).toEqual({
      date: '2026-12-01',
      station: { id: 'ty0195', name: '五一广场智慧爱心驿站' },
      entries: [
        {
          id: expect.any(String),
          at: '2026-12-01T10:02:00+08:00',
          door,
          worker: w,
          outcome: 'granted',
          reason: null,
          remote: false,
          remoteBy: null,
        },
        {
          id: expect.any(String),
          at: '2026-12-01T10:01:00+08:00',
          door,
          worker: w,
          outcome: 'no_response',
          reason: null,
          remote: false,
          remoteBy: null,
        },
        {
          id: first.body.entry.id,
          at: '2026-12-01T10:00:00+08:00',
          door,
          worker: w,
          outcome: 'opened',
          reason: null,
          remote: false,
          remoteBy: null,
        },
      ],
    });
    // Another day has none; the default date is today (Shanghai).
    expect((await call(`${s.api}/staff/stations/ty0195/entries?date=2026-11-30`, { token: keeper.token })).body.entries).toEqual([]);
    expect((await call(`${s.api}/staff/stations/ty0195/entries`, { token: keeper.token })).body.date).toBe('2026-12-01');
    const rows = await auditRows(s, 'entries.read');
    expect(rows.slice(-3).map((x) => [x.staff_id, x.outcome, x.station_id])).toEqual([
      [keeper.id, 'ok', 'ty0195'],
      [keeper.id, 'ok', 'ty0195'],
      [keeper.id, 'ok', 'ty0195'],
    ]);
    expect(JSON.parse(rows[0].detail)).toEqual({ date: '2026-12-01', entries: 3 });
  });

  it('another station is 403 with nothing about it, and the refusal is audited; a bad date is 400', async () => {
    const r = await call(`${s.api}/staff/stations/ty0195/entries`, { token: keeper205.token });
    expect(got(r)).toEqual([403, 'STAFF_FORBIDDEN']);
    const refusal = (await auditRows(s, 'entries.read')).pop();
    expect([refusal.staff_id, refusal.outcome, refusal.station_id]).toEqual([null, 'forbidden', 'ty0195']);
    expect(got(await call(`${s.api}/staff/stations/ty0195/entries?date=2026-02-30`, { token: keeper.token }))).toEqual([
      400,
      'VALIDATION_FAILED',
    ]);
  });
});

describe('closing a station for a while', () => {
  it('shows 暂停开放 with the reason at once everywhere, refuses an unlock naming it, and reopens', async () => {
    s.clock.nowMs = T0 + 3_600_000; // 11:00
    expect(await nearbyEntry(s, 'ty0195')).toMatchObject({ openNow: true, openLabel: '24小时', openDetail: null });
    const r = await call(`${s.api}/staff/stations/ty0195/closures`, {
      method: 'POST',
      token: keeper.token,
      body: { reason: '  水管维修  ', until: '2026-12-01T18:00:00+08:00' },
    });
    expect(r.status).toBe(201);
    const opensAt = sh(2026, 12, 1, 18, 0);
    expect(r.body).toEqual({
      closure: {
        id: expect.any(String),
        from: '2026-12-01T11:00:00+08:00',
        to: '2026-12-01T18:00:00+08:00',
        reason: '水管维修',
        by: '王师傅',
      },
      open: { status: 'suspended', is24h: true, label: '暂停开放', detail: '水管维修', opensAt },
    });
    const closureId = r.body.closure.id;
    // The nearby list (its remembered open state and bytes), the station page and the staff list, at once.
    expect(await nearbyEntry(s, 'ty0195')).toMatchObject({ openNow: false, openLabel: '暂停开放', openDetail: '水管维修' });
    const page = (await call(`${s.api}/stations/ty0195`)).body;
    expect([page.openNow, page.open.label, page.open.detail]).toEqual([false, '暂停开放', '水管维修']);
    // The public page names no staff member.
    expect(page.hours.closures).toEqual([{ from: '2026-12-01T11:00:00+08:00', to: '2026-12-01T18:00:00+08:00', reason: '水管维修' }]);
    const listed = (await call(`${s.api}/staff/stations`, { token: keeper.token })).body.stations[0];
    expect([listed.openLabel, listed.closure]).toEqual(['暂停开放', r.body.closure]);
    expect((await call(`${s.api}/stations/nearby?${WUYI}&openNow=true`)).body.stations.map((x: { id: string }) => x.id)).not.toContain(
      'ty0195',
    );

    // A worker at the door is told why and until when.
    const u = await unlock(await doorWorker(502));
    expect(u.status).toBe(403);
    expect(u.body.error).toEqual({
      code: 'STATION_SUSPENDED',
      message:
        '驿站暂停开放（水管维修），预计12月1日 18:00恢复开放，现在不能开门。请到附近其他驿站休息，有急事请拨打驿站值班电话13979705112。',
      details: { reason: '水管维修', until: '2026-12-01T18:00:00+08:00', stationPhone: '13979705112' },
    });
    const refused = (await call(`${s.api}/staff/stations/ty0195/entries`, { token: keeper.token })).body.entries[0];
    expect([refused.outcome, refused.reason, refused.worker.maskedPhone]).toEqual(['refused', 'STATION_SUSPENDED', '139****0502']);

    // A later closure replaces the earlier one (set by the city admin).
    s.clock.nowMs = T0 + 3_660_000;
    const again = await call(`${s.api}/staff/stations/ty0195/closures`, {
      method: 'POST',
      token: city.token,
      body: { reason: '停电', until: '2026-12-02T09:30:00+08:00' },
    });
    expect([again.status, again.body.closure.by, again.body.open.detail]).toEqual([201, '李主任', '停电']);
    expect((await call(`${s.api}/stations/ty0195`)).body.hours.closures.map((c: { reason: string }) => c.reason)).toEqual(['停电']);
    expect(got(await call(`${s.api}/staff/stations/ty0195/closures/${closureId}`, { method: 'DELETE', token: keeper.token }))).toEqual([
      404,
      'NOT_FOUND',
    ]);

    const back = await call(`${s.api}/staff/stations/ty0195/closures/${again.body.closure.id}`, { method: 'DELETE', token: keeper.token });
    expect([back.status, back.body]).toEqual([200, { open: { status: 'open', is24h: true, label: '24小时' } }]);
    expect(await nearbyEntry(s, 'ty0195')).toMatchObject({ openNow: true, openLabel: '24小时', openDetail: null });
    expect((await call(`${s.api}/staff/stations`, { token: keeper.token })).body.stations[0].closure).toBeNull();
    expect((await unlock(await doorWorker(503))).status).toBe(201);

    const audit = (await auditRows(s)).filter((x) => x.action.startsWith('station.'));
    expect(audit.map((x) => [x.action, x.outcome, x.staff_id, x.station_id])).toEqual([
      ['station.close', 'ok', keeper.id, 'ty0195'],
      ['station.close', 'ok', city.id, 'ty0195'],
      ['station.reopen', 'ok', keeper.id, 'ty0195'],
    ]);
    expect(JSON.parse(audit[0].detail)).toEqual({
      closureId,
      reason: '水管维修',
      from: '2026-12-01T11:00:00+08:00',
      to: '2026-12-01T18:00:00+08:00',
    });
  });

  it('refuses a reason under 2 characters, an end in the past or beyond 30 days, and another station', async () => {
    s.clock.nowMs = T0;
    const close = (body: unknown, token = keeper.token, id = 'ty0195') =>
      call(`${s.api}/staff/stations/${id}/closures`, { method: 'POST', token, body });
    const fields = async (body: unknown) => {
      const r = await close(body);
      return [r.status, r.body.error.code, r.body.error.details.fields];
    };
    expect(await fields({ reason: ' 修 ', until: '2026-12-01T12:00:00+08:00' })).toEqual([400, 'VALIDATION_FAILED', ['reason']]);
    expect(await fields({ reason: '维修', until: '2026-12-01T10:00:00+08:00' })).toEqual([400, 'VALIDATION_FAILED', ['until']]);
    expect(await fields({ reason: '维修', until: '2026-12-31T10:00:01+08:00' })).toEqual([400, 'VALIDATION_FAILED', ['until']]);
    expect(await fields({ reason: '维修', until: 'tomorrow' })).toEqual([400, 'VALIDATION_FAILED', ['until']]);
    // Exactly 30 days is allowed.
    const ok = await close({ reason: '维修', until: '2026-12-31T10:00:00+08:00' });
    expect(ok.status).toBe(201);
    await call(`${s.api}/staff/stations/ty0195/closures/${ok.body.closure.id}`, { method: 'DELETE', token: keeper.token });
    expect(got(await close({ reason: '维修', until: '2026-12-01T12:00:00+08:00' }, keeper205.token))).toEqual([403, 'STAFF_FORBIDDEN']);
    expect(got(await close({ reason: '维修', until: '2026-12-01T12:00:00+08:00' }, city.token, 'ty9999'))).toEqual([404, 'NOT_FOUND']);
  });
});

describe('opening a door remotely', () => {
  it('wakes the polling controller with a grant, records a remote entry naming the staff member; audited with the reason', async () => {
    s.clock.nowMs = T0 + 7_200_000; // 12:00
    const poll = call(`${s.api}/doors/d0039/grants?waitS=25`, { headers: { 'x-device-key': keyOf('d0039') } });
    for (let i = 0; i < 1000 && grantHubOf(s.ctx).waiting === 0; i++) await new Promise((r) => setTimeout(r, 1));
    const r = await call(`${s.api}/staff/doors/d0039/remote-open`, {
      method: 'POST',
      token: keeper.token,
      body: { reason: '工友手机没电，核对工牌后开门' },
    });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ grantId: expect.any(String), entryId: expect.any(String), expiresAt: '2026-12-01T12:00:10+08:00' });
    expect((await poll).body.grants.map((g: { id: string }) => g.id)).toEqual([r.body.grantId]);
    const entry = (await call(`${s.api}/staff/stations/ty0195/entries`, { token: keeper.token })).body.entries[0];
    expect(entry).toEqual({
      id: r.body.entryId,
      at: '2026-12-01T12:00:00+08:00',
      door: { id: 'd0039', name: '正门' },
      worker: null,
      outcome: 'granted',
      reason: null,
      remote: true,
      remoteBy: '王师傅',
    });
    const row = (await auditRows(s, 'door.remote_open')).pop();
    expect([row.staff_id, row.outcome, row.target_type, row.target_id, row.station_id]).toEqual([
      keeper.id,
      'ok',
      'door',
      'd0039',
      'ty0195',
    ]);
    expect(JSON.parse(row.detail)).toEqual({ reason: '工友手机没电，核对工牌后开门', entryId: r.body.entryId });
  });

  it('needs a reason of 4 characters, the door in scope, and stops at 3 a window per person (here)', async () => {
    const open = (body: unknown, token = keeper.token, door = 'd0039') =>
      call(`${s.api}/staff/doors/${door}/remote-open`, { method: 'POST', token, body });
    expect(got(await open({ reason: '开门 ' }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await open({ reason: '工友手机坏了' }, keeper205.token))).toEqual([403, 'STAFF_FORBIDDEN']);
    expect(got(await open({ reason: '工友手机坏了' }, city.token, 'd9999'))).toEqual([404, 'NOT_FOUND']);
    // One used above; two more, then the fourth in the window is refused (audited as limited).
    expect(got(await open({ reason: '工友手机坏了' }))).toEqual([200, null]);
    expect(got(await open({ reason: '工友手机坏了' }))).toEqual([200, null]);
    const limited = await open({ reason: '工友手机坏了' });
    expect([limited.status, limited.body.error.code, limited.body.error.details.scope]).toEqual([429, 'RATE_LIMITED', 'staff']);
    expect((await auditRows(s, 'door.remote_open')).pop().outcome).toBe('limited');
    // The city admin has an allowance of their own.
    expect(got(await open({ reason: '工友手机坏了' }, city.token))).toEqual([200, null]);
  });
});

/** Relays that deliver each publish to every other relay of the same bus, as the cluster's primary does. */
function bus(): () => StationRelay {
  const listeners = new Set<(id: string) => void>();
  return () => {
    let own: ((id: string) => void) | null = null;
    return {
      publish: (id) => listeners.forEach((l) => l !== own && l(id)),
      subscribe: (l) => {
        own = l;
        listeners.add(l);
        return () => listeners.delete(l);
      },
    };
  };
}

describe('a closure made through one server shows on another at once', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-closure-'));
  let a: TestServer;
  let b: TestServer;
  let engine: Awaited<ReturnType<typeof engineFor>>;
  beforeAll(async () => {
    engine = await engineFor();
    const env = { DATA_DIR: dataDir, RATE_LIMIT: 'off', SCHEDULER_INTERVAL_S: '0', ...engine.env };
    const relay = bus();
    a = await startServer(env, {}, { stationRelay: relay() });
    b = await startServer(env, {}, { stationRelay: relay() });
    a.clock.nowMs = T0;
    b.clock.nowMs = T0;
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await engine.cleanup();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("B's nearby list (already remembering 24小时) says 暂停开放 right after A's answer, and opens again with A's reopening", async () => {
    expect(await nearbyEntry(b, 'ty0195')).toMatchObject({ openLabel: '24小时' });
    const k = await staffMember(a, 'keeper', { stationId: 'ty0195' });
    const r = await call(`${a.api}/staff/stations/ty0195/closures`, {
      method: 'POST',
      token: k.token,
      body: { reason: '暖气检修', until: '2026-12-01T15:00:00+08:00' },
    });
    expect(r.status).toBe(201);
    await stationChangesOf(b.ctx)!.settled();
    expect(await nearbyEntry(b, 'ty0195')).toMatchObject({ openNow: false, openLabel: '暂停开放', openDetail: '暖气检修' });
    await call(`${a.api}/staff/stations/ty0195/closures/${r.body.closure.id}`, { method: 'DELETE', token: k.token });
    await stationChangesOf(b.ctx)!.settled();
    expect(await nearbyEntry(b, 'ty0195')).toMatchObject({ openNow: true, openLabel: '24小时' });
  });
});
