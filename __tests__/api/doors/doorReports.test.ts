/**
 * Emergency alerts (worker side and the union's list) and per-station daily entry counts by Shanghai date.
 */
import { startServer, call, newSession, type TestServer } from '../../support/server';
import { registeredWorker, sh } from '../../support/booking';
import { fixAtDoor, withLocationConsent } from '../../support/door';
import { printedDoorCode } from '../../../mock/src/features/doors/doorCodes';
import { deviceKeys } from '../../../mock/src/features/doors/deviceKeys';
import { loadMasterKey } from '../../../mock/src/core/keys';
import { staffMember } from '../../support/staff';

let s: TestServer;
let token: string;
/** A city admin's session: every station. */
let city: string;
const unlock = (doorId: string, location?: unknown) =>
  call(`${s.api}/doors/unlock`, { method: 'POST', token, body: { code: printedDoorCode(s.ctx.keys, 'yz.tyzgh.cn', doorId), location } });

beforeAll(async () => {
  s = await startServer({ RATE_LIMIT: 'off' });
  token = await withLocationConsent(s.api, await registeredWorker(s.api, 801));
  city = (await staffMember(s, 'city')).token;
});
afterAll(async () => s.close());

describe('emergency alerts', () => {
  it('records an alert with station, door, worker, entry and the location in GCJ-02, and answers the duty phone', async () => {
    s.clock.nowMs = sh(2026, 12, 1, 22, 15);
    const u = await unlock('d0039', fixAtDoor('d0039'));
    // 五一广场 as a phone's browser reports it (WGS-84); GCJ-02 is about 0.0065° east and 0.0005° north of it here.
    const r = await call(`${s.api}/alerts`, {
      method: 'POST',
      token,
      body: {
        stationId: 'ty0195',
        doorId: 'd0039',
        entryId: u.body.entry.id,
        location: { lat: 37.86111, lng: 112.56791, coord: 'wgs84', accuracyM: 15 },
      },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      alert: { at: '2026-12-01T22:15:00+08:00', stationId: 'ty0195', doorId: 'd0039' },
      station: { id: 'ty0195', name: '五一广场智慧爱心驿站', phone: '13979705112' },
    });
    const list = await call(`${s.api}/staff/alerts?from=2026-12-01`, { token: city });
    expect(list.status).toBe(200);
    const a = list.body.alerts.find((x: { id: string }) => x.id === r.body.alert.id);
    expect(a).toMatchObject({ door: { id: 'd0039', name: '正门' }, entryId: u.body.entry.id, location: { coord: 'gcj02', accuracyM: 15 } });
    expect(a.workerId).toMatch(/^w_/);
    expect(a.location.lat - 37.86111).toBeGreaterThan(0.0003);
    expect(a.location.lng - 112.56791).toBeGreaterThan(0.006);
  });

  it('takes an alert from a session that has not registered, without a location', async () => {
    s.clock.nowMs = sh(2026, 12, 1, 22, 20);
    const r = await call(`${s.api}/alerts`, { method: 'POST', token: await newSession(s.api), body: { stationId: 'ty0195' } });
    expect(r.status).toBe(201);
    const list = await call(`${s.api}/staff/alerts?from=2026-12-01&stationId=ty0195`, { token: city });
    expect(list.body.alerts[0]).toMatchObject({ id: r.body.alert.id, workerId: null, location: null, door: null });
  });

  it('refuses an unknown station with 404, and records an alert naming a door of another station without the door', async () => {
    expect((await call(`${s.api}/alerts`, { method: 'POST', token, body: { stationId: 'ty9999' } })).status).toBe(404);
    s.clock.nowMs = sh(2026, 12, 1, 22, 25);
    const r = await call(`${s.api}/alerts`, { method: 'POST', token, body: { stationId: 'ty0195', doorId: 'd0040' } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ alert: { stationId: 'ty0195', doorId: null }, station: { phone: '13979705112' } });
    const list = await call(`${s.api}/staff/alerts?from=2026-12-01&stationId=ty0195`, { token: city });
    expect(list.body.alerts[0]).toMatchObject({ id: r.body.alert.id, door: null });
  });

  it('refuses a location that is not a place with 400 and stores nothing', async () => {
    const before = (await s.one<{ n: number }>('SELECT count(*) AS n FROM alerts'))!.n;
    for (const location of [
      '{"lat":"Infinity","lng":"Infinity","coord":"gcj02"}',
      '{"lat":37.86,"lng":112.57,"coord":"gcj02","accuracyM":1e999}',
    ]) {
      const res = await fetch(`${s.api}/alerts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: `{"stationId":"ty0195","location":${location}}`,
      });
      expect(res.status).toBe(400);
    }
    expect(await s.one('SELECT count(*) AS n FROM alerts')).toEqual({ n: before });
  });

  it('lists alerts for staff only', async () => {
    const r = await call(`${s.api}/staff/alerts`);
    expect([r.status, r.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
    const worker = await call(`${s.api}/staff/alerts`, { token });
    expect([worker.status, worker.body.error.code]).toEqual([403, 'STAFF_FORBIDDEN']);
  });
});

describe('daily entry counts', () => {
  it('counts by Shanghai date: 23:59 belongs to the day, 00:00 to the next', async () => {
    const key = deviceKeys(loadMasterKey(s.dataDir, null)).keyOf('d0041');
    s.clock.nowMs = sh(2026, 12, 2, 23, 59) + 59_000; // 2026-12-02 23:59:59
    const opened = await unlock('d0041', { lat: 37.861318, lng: 112.580388, coord: 'gcj02' });
    await call(`${s.api}/grants/${opened.body.grant.id}/ack`, { method: 'POST', headers: { 'x-device-key': key } });
    await unlock('d0041', { lat: 37.861318, lng: 112.580388, coord: 'gcj02' }); // never acknowledged
    await unlock('d0041', { lat: 37.7526, lng: 112.6248, coord: 'gcj02' }); // TOO_FAR
    // No location at a smart (unattended) station: refused, PRESENCE_REQUIRED, the one attempt without a location.
    expect((await unlock('d0041')).body.error.code).toBe('PRESENCE_REQUIRED');
    s.clock.nowMs = sh(2026, 12, 3, 0, 0); // 2026-12-03 00:00:00
    await unlock('d0041', { lat: 37.861318, lng: 112.580388, coord: 'gcj02' });
    s.clock.nowMs = sh(2026, 12, 3, 0, 5);
    const r = await call(`${s.api}/staff/entry-counts?from=2026-12-02&to=2026-12-03&stationId=ty0205`, { token: city });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      from: '2026-12-02',
      to: '2026-12-03',
      counts: [
        {
          stationId: 'ty0205',
          stationName: '桃园南路北口智慧爱心驿站',
          date: '2026-12-02',
          granted: 2,
          refused: 2,
          opened: 1,
          noResponse: 1,
          noLocation: 1,
        },
        {
          stationId: 'ty0205',
          stationName: '桃园南路北口智慧爱心驿站',
          date: '2026-12-03',
          granted: 1,
          refused: 0,
          opened: 0,
          noResponse: 1,
          noLocation: 0,
        },
      ],
    });
  });

  it('covers every station when none is named, and refuses reversed or over-long ranges', async () => {
    s.clock.nowMs = sh(2026, 12, 3, 12, 0);
    const all = await call(`${s.api}/staff/entry-counts?from=2026-12-01&to=2026-12-03`, { token: city });
    const stations = new Set(all.body.counts.map((c: { stationId: string }) => c.stationId));
    expect(stations).toEqual(new Set(['ty0195', 'ty0205']));
    // A keeper of ty0205 counts only their own station, and may not name another.
    const keeper = (await staffMember(s, 'keeper', { stationId: 'ty0205' })).token;
    const mine = await call(`${s.api}/staff/entry-counts?from=2026-12-01&to=2026-12-03`, { token: keeper });
    expect(new Set(mine.body.counts.map((c: { stationId: string }) => c.stationId))).toEqual(new Set(['ty0205']));
    const other = await call(`${s.api}/staff/entry-counts?from=2026-12-01&to=2026-12-03&stationId=ty0195`, { token: keeper });
    expect([other.status, other.body.error.code]).toEqual([403, 'STAFF_FORBIDDEN']);
    expect((await call(`${s.api}/staff/entry-counts?from=2026-12-03&to=2026-12-01`, { token: city })).status).toBe(400);
    expect((await call(`${s.api}/staff/entry-counts?from=2026-01-01&to=2026-12-31`, { token: city })).status).toBe(400);
    expect((await call(`${s.api}/staff/entry-counts?from=2026-02-30`, { token: city })).status).toBe(400);
    expect((await call(`${s.api}/staff/entry-counts`)).status).toBe(401);
  });
});
