/**
 * Every operation of mock/openapi.yaml answers every status it documents, for real, and each answer matches the
 * document: startServer checks every answer of every API test (support/contract.ts: status documented, body valid
 * against the status's schema with objects closed, error code listed, the serializer changed nothing) and `close`
 * fails on any violation; this file makes sure no operation or status goes unseen. Each case asserts the status
 * and code it provokes. Door d0039 has a printed code, d0050 a screen, d0069 a reader; hs01 is a health station.
 */
import { startServer, call, newSession, type TestServer } from '../../support/server';
import { MANY_WORKERS_ENV, addSession, book, madeUpIdNumber, registeredWorker, sh } from '../../support/booking';
import { invitationCode, staffMember, type TestStaff } from '../../support/staff';
import { approveLogin, consoleToken, loginForApproval, pollLogin, startLogin } from '../../support/console';
import { registrationBody } from '../../support/registration';
import { answerViolation, operationKey } from '../../support/contract';
import { operations } from '../../../mock/src/core/http/contract';
import { printedDoorCode, rotatingDoorCode } from '../../../mock/src/features/doors/doorCodes';
import { deviceKeys } from '../../../mock/src/features/doors/deviceKeys';
import { loadMasterKey } from '../../../mock/src/core/keys';
import { grantHubOf } from '../../../mock/src/features/doors/grantHub';
import { PRIVACY_POLICY_VERSION } from '@/rules/privacy';
import { fixAtDoor, withLocationConsent } from '../../support/door';

/** 2026-12-01 10:00:00 Shanghai, a whole 30 s step: 1796090400 / 30 = 59869680. */
const T0 = sh(2026, 12, 1, 10, 0);
const STEP0 = 59_869_680;
/** 五一广场 (GCJ-02), inside the seed's main urban area. */
const WUYI = { lat: 37.8632, lng: 112.5627 };
const TOO_LONG_ID = 'x'.repeat(81);

/** Rate limits on, at their defaults but for those this file exhausts; device sign-in off (WeChat test double). */
const LIMITED_ENV = {
  DEVICE_LOGIN: 'off',
  RATE_SESSION_ADDRESS_MAX: '6',
  RATE_REGISTER_WORKER_MAX: '1',
  RATE_UNLOCK_WORKER_MAX: '1',
  RATE_UNLOCK_ADDRESS_MAX: '1',
  RATE_PASS_MAX: '1',
  RATE_ALERT_MAX: '1',
  RATE_STAFF_CHECKIN_FAIL_MAX: '1',
  RATE_STAFF_REDEEM_FAIL_MAX: '1',
  RATE_CONSOLE_LOGIN_ADDRESS_MAX: '1',
  RATE_STAFF_REMOTE_OPEN_MAX: '1',
  RATE_STAFF_REPORT_MAX: '1',
};

let s: TestServer;
let limited: TestServer;
let n = 9000;
const worker = () => registeredWorker(s.api, n++);
/** A worker with the location consent, as the app has it at a door (d0039's station is unattended: a fix is needed). */
const doorWorker = async () => withLocationConsent(s.api, await worker());
/** A printed-code unlock of d0039 with a fix 20 m from its station. */
const openD0039 = (token: string) =>
  call(`${s.api}/doors/unlock`, { method: 'POST', token, body: { code: printed('d0039'), location: fixAtDoor('d0039') } });
/** Staff of the main server: a city admin, 迎泽区's district staff, ty0195's keeper, hs01's and hs02's clinic staff. */
let city: TestStaff;
let district: TestStaff;
let keeper: TestStaff;
let clinic: TestStaff;
let otherClinic: TestStaff;
let keyOf: (doorId: string) => string;
const device = (doorId: string) => ({ 'x-device-key': keyOf(doorId) });
const printed = (doorId: string) => printedDoorCode(s.ctx.keys, s.ctx.config.doorHost, doorId);
/** Status and error code (null for a success), to assert both at once. */
const got = (r: { status: number; body: any }) => [r.status, r.body?.error?.code ?? null];

beforeAll(async () => {
  s = await startServer({ ...MANY_WORKERS_ENV, RATE_LIMIT: 'off', SCHEDULER_INTERVAL_S: '0' });
  limited = await startServer({ ...LIMITED_ENV, SCHEDULER_INTERVAL_S: '0' });
  s.clock.nowMs = T0;
  limited.clock.nowMs = T0;
  keyOf = deviceKeys(loadMasterKey(s.dataDir, null)).keyOf;
  city = await staffMember(s, 'city');
  district = await staffMember(s, 'district', { districtCode: '140106' });
  keeper = await staffMember(s, 'keeper', { stationId: 'ty0195' });
  clinic = await staffMember(s, 'clinic', { healthStationId: 'hs01' });
  otherClinic = await staffMember(s, 'clinic', { healthStationId: 'hs02' });
});
afterAll(async () => {
  await s.close();
  await limited.close();
});
beforeEach(() => {
  s.clock.nowMs = T0;
});

describe('accounts', () => {
  it('sessions: 201, 400 without credentials, 204 and 401 on logout', async () => {
    const token = await newSession(s.api);
    expect(got(await call(`${s.api}/sessions`, { method: 'POST', body: {} }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await call(`${s.api}/sessions/current`, { method: 'DELETE', token }))).toEqual([204, null]);
    expect(got(await call(`${s.api}/sessions/current`, { method: 'DELETE', token }))).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('registration: 201, 400, 401, 409, 422', async () => {
    const token = await newSession(s.api);
    const body = registrationBody({ idNumber: madeUpIdNumber(n++), phone: '13900009001' });
    expect(got(await call(`${s.api}/workers`, { method: 'POST', token, body: { name: '张伟' } }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await call(`${s.api}/workers`, { method: 'POST', body }))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await call(`${s.api}/workers`, { method: 'POST', token, body: { ...body, idNumber: '123' } }))).toEqual([
      422,
      'ID_NUMBER_INVALID',
    ]);
    expect(got(await call(`${s.api}/workers`, { method: 'POST', token, body }))).toEqual([201, null]);
    expect(got(await call(`${s.api}/workers`, { method: 'POST', token, body }))).toEqual([409, 'ALREADY_REGISTERED']);
  });

  it('the worker: GET /me 200/401/404, PUT /me/phone 200/400/401/404/422', async () => {
    const token = await worker();
    const stranger = await newSession(s.api);
    expect(got(await call(`${s.api}/me`, { token }))).toEqual([200, null]);
    expect(got(await call(`${s.api}/me`))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await call(`${s.api}/me`, { token: stranger }))).toEqual([404, 'NOT_REGISTERED']);
    const phone = (body: unknown, t?: string) => call(`${s.api}/me/phone`, { method: 'PUT', token: t, body });
    expect(got(await phone({ phone: '139 0000 9002' }, token))).toEqual([200, null]);
    expect(got(await phone({}, token))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await phone({ phone: '13900009002' }))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await phone({ phone: '13900009002' }, stranger))).toEqual([404, 'NOT_REGISTERED']);
    expect(got(await phone({ phone: '123' }, token))).toEqual([422, 'PHONE_INVALID']);
  });

  it('consents: GET 200/401, POST 201/400/401/422, DELETE location 200/401', async () => {
    const token = await newSession(s.api);
    const give = (body: unknown, t?: string) => call(`${s.api}/me/consents`, { method: 'POST', token: t, body });
    expect(got(await call(`${s.api}/me/consents`, { token }))).toEqual([200, null]);
    expect(got(await call(`${s.api}/me/consents`))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await give({ kind: 'location', version: PRIVACY_POLICY_VERSION }, token))).toEqual([201, null]);
    expect(got(await give({ kind: 'photo', version: PRIVACY_POLICY_VERSION }, token))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await give({ kind: 'location', version: PRIVACY_POLICY_VERSION }))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await give({ kind: 'location', version: '2000-01-01' }, token))).toEqual([422, 'CONSENT_OUTDATED']);
    expect(got(await call(`${s.api}/me/consents/location`, { method: 'DELETE', token }))).toEqual([200, null]);
    expect(got(await call(`${s.api}/me/consents/location`, { method: 'DELETE' }))).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('export with entries and bookings 200, 401; DELETE /me 200, 401', async () => {
    const token = await doorWorker();
    expect((await openD0039(token)).status).toBe(201);
    const slot = (await addSession(s, 'cs_oa_export', '2026-12-03', sh(2026, 12, 3, 9), [2])).slotIds[0];
    expect((await book(s, token, slot)).status).toBe(201);
    const exp = await call(`${s.api}/me/export`, { token });
    expect([exp.status, exp.body.entries.length, exp.body.bookings.length]).toEqual([200, 1, 1]);
    expect(exp.body.bookings[0]).toMatchObject({ slotId: slot, status: 'booked', startsAt: '2026-12-03T09:00:00+08:00' });
    expect(exp.body.entries[0]).toMatchObject({ stationId: 'ty0195', doorId: 'd0039', outcome: 'granted', locationPresent: true });
    expect(got(await call(`${s.api}/me/export`))).toEqual([401, 'UNAUTHENTICATED']);
    const gone = await call(`${s.api}/me`, { method: 'DELETE', token });
    expect([gone.status, gone.body]).toEqual([200, { entriesAnonymised: 1, bookingsAnonymised: 1, upcomingBookingsCancelled: 1 }]);
    expect(got(await call(`${s.api}/me`, { method: 'DELETE', token }))).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('staff release of an identity number: 200, 400, 401, 403, 404, 422', async () => {
    const idNumber = madeUpIdNumber(n);
    await worker();
    const release = (body: unknown, token = city.token) => call(`${s.api}/staff/workers/release`, { method: 'POST', body, token });
    expect(got(await release({}))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await release({ idNumber }, ''))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await release({ idNumber }, district.token))).toEqual([403, 'STAFF_FORBIDDEN']);
    expect(got(await release({ idNumber: '123' }))).toEqual([422, 'ID_NUMBER_INVALID']);
    expect(got(await release({ idNumber }))).toEqual([200, null]);
    expect(got(await release({ idNumber }))).toEqual([404, 'NOT_FOUND']);
  });
});

describe('stations and places', () => {
  it('nearby 200 (precomputed bytes) and 400; a station 200 and 404; places 200', async () => {
    const station = await call(`${s.api}/stations/ty0195`);
    expect(got(station)).toEqual([200, null]);
    const near = await call(`${s.api}/stations/nearby?lat=${station.body.lat}&lng=${station.body.lng}&radiusM=300`);
    expect([near.status, near.body.stations[0].id]).toEqual([200, 'ty0195']);
    expect(got(await call(`${s.api}/stations/nearby?lat=${station.body.lat}`))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await call(`${s.api}/stations/ty9999`))).toEqual([404, 'NOT_FOUND']);
    const places = await call(`${s.api}/places`);
    expect([places.status, places.body.places.length > 0]).toEqual([200, true]);
  });
});

describe('doors', () => {
  it('unlock 201/400/401/403/409/410/422, then the entry and the entries 200/400/401/404', async () => {
    const token = await doorWorker();
    const stranger = await newSession(s.api);
    const unlock = (body: unknown, t?: string) => call(`${s.api}/doors/unlock`, { method: 'POST', token: t, body });
    const ok = await openD0039(token);
    expect(got(ok)).toEqual([201, null]);
    expect(got(await unlock({}, token))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await unlock({ code: printed('d0039') }))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await unlock({ code: printed('d0039') }, stranger))).toEqual([403, 'NOT_REGISTERED']);
    expect(got(await unlock({ code: printed('d0039') }, token))).toEqual([403, 'PRESENCE_REQUIRED']);
    const screenless = rotatingDoorCode(s.ctx.keys, s.ctx.config.doorHost, 'd0039', STEP0);
    expect(got(await unlock({ code: screenless }, token))).toEqual([409, 'DOOR_LACKS_SCREEN']);
    const stale = rotatingDoorCode(s.ctx.keys, s.ctx.config.doorHost, 'd0050', STEP0 - 2);
    expect(got(await unlock({ code: stale }, token))).toEqual([410, 'DOOR_CODE_EXPIRED']);
    expect(got(await unlock({ code: 'wxp://f2f0abcdef' }, token))).toEqual([422, 'DOOR_CODE_INVALID']);

    const entry = (id: string, t?: string) => call(`${s.api}/entries/${id}`, { token: t });
    expect(got(await entry(ok.body.entry.id, token))).toEqual([200, null]);
    expect(got(await entry('e'.repeat(41), token))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await entry(ok.body.entry.id))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await entry('nope', token))).toEqual([404, 'NOT_FOUND']);
    const entries = await call(`${s.api}/me/entries`, { token });
    // The grant, then the refusals at known doors (logged): no location, a screen code without a screen, an expired one.
    const outcomes = entries.body.entries.map((e: { outcome: string; reason: string | null }) => e.reason ?? e.outcome);
    expect([entries.status, outcomes]).toEqual([200, ['DOOR_CODE_EXPIRED', 'DOOR_LACKS_SCREEN', 'PRESENCE_REQUIRED', 'granted']]);
    expect(got(await call(`${s.api}/me/entries?limit=0`, { token }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await call(`${s.api}/me/entries`))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await call(`${s.api}/me/entries`, { token: stranger }))).toEqual([404, 'NOT_REGISTERED']);
  });

  it('the door devices: screen code 200/401 (also for a malformed door id)/409, grants 200/400/401/429, ack 200/400/401/410', async () => {
    expect(got(await call(`${s.api}/doors/d0050/screen-code`, { headers: device('d0050') }))).toEqual([200, null]);
    expect(got(await call(`${s.api}/doors/d0039/screen-code`, { headers: device('d0039') }))).toEqual([409, 'DOOR_LACKS_SCREEN']);
    expect(got(await call(`${s.api}/doors/d0050/screen-code`, { headers: device('d0039') }))).toEqual([401, 'DEVICE_KEY_INVALID']);
    // The key is checked before the path: a malformed door id is an unknown door (no 400 documented).
    expect(got(await call(`${s.api}/doors/D-50/screen-code`, { headers: device('d0050') }))).toEqual([401, 'DEVICE_KEY_INVALID']);
    const token = await doorWorker();
    const granted = (await openD0039(token)).body;
    const poll = await call(`${s.api}/doors/d0039/grants`, { headers: device('d0039') });
    expect(poll.status).toBe(200);
    expect(poll.body.grants.map((g: { id: string }) => g.id)).toContain(granted.grant.id);
    expect(got(await call(`${s.api}/doors/d0039/grants?waitS=99`, { headers: device('d0039') }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await call(`${s.api}/doors/d0039/grants`))).toEqual([401, 'DEVICE_KEY_INVALID']);
    // A fifth long poll parked by one door's key (doors/grantPollCap.test.ts has the rule).
    const hub = grantHubOf(s.ctx);
    const parkedPolls = [1, 2, 3, 4].map(() => call(`${s.api}/doors/d0050/grants?waitS=25`, { headers: device('d0050') }));
    while (hub.waiting < 4) await new Promise((r) => setImmediate(r));
    expect(got(await call(`${s.api}/doors/d0050/grants?waitS=25`, { headers: device('d0050') }))).toEqual([429, 'GRANT_POLLS_LIMIT']);
    hub.wake('d0050');
    expect((await Promise.all(parkedPolls)).map((r) => r.status)).toEqual([200, 200, 200, 200]);
    const ack = (grantId: string, headers = device('d0039')) => call(`${s.api}/grants/${grantId}/ack`, { method: 'POST', headers });
    expect(got(await ack(granted.grant.id))).toEqual([200, null]);
    expect(got(await ack('g'.repeat(41)))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await ack(granted.grant.id, device('d0050')))).toEqual([401, 'DEVICE_KEY_INVALID']);
    const late = (await openD0039(token)).body;
    // The grant lasts 10 s and an ack is accepted 2 s after it.
    s.clock.nowMs = T0 + 12_001;
    expect(got(await ack(late.grant.id))).toEqual([410, 'GRANT_EXPIRED']);
  });

  it('passes: issue 201/401/403, read 201/400/401/409 (replayed, no reader)/410 (expired, retired)/422', async () => {
    const token = await worker();
    expect(got(await call(`${s.api}/me/pass`, { method: 'POST' }))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await call(`${s.api}/me/pass`, { method: 'POST', token: await newSession(s.api) }))).toEqual([403, 'NOT_REGISTERED']);
    const issued = await call(`${s.api}/me/pass`, { method: 'POST', token });
    expect(got(issued)).toEqual([201, null]);
    const read = (body: unknown, headers = device('d0069')) => call(`${s.api}/doors/d0069/pass-reads`, { method: 'POST', headers, body });
    expect(got(await read({ pass: issued.body.pass }))).toEqual([201, null]);
    expect(got(await read({ pass: issued.body.pass }))).toEqual([409, 'PASS_REPLAYED']);
    expect(got(await read({}))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await read({ pass: issued.body.pass }, device('d0039')))).toEqual([401, 'DEVICE_KEY_INVALID']);
    expect(got(await read({ pass: 'YZP1.nonsense' }))).toEqual([422, 'DOOR_CODE_INVALID']);
    const older = (await call(`${s.api}/me/pass`, { method: 'POST', token })).body.pass;
    const old = (await call(`${s.api}/me/pass`, { method: 'POST', token })).body.pass;
    expect(got(await read({ pass: older }))).toEqual([410, 'PASS_RETIRED']);
    expect(got(await call(`${s.api}/doors/d0039/pass-reads`, { method: 'POST', headers: device('d0039'), body: { pass: old } }))).toEqual([
      409,
      'DOOR_LACKS_READER',
    ]);
    s.clock.nowMs = T0 + 41_000;
    expect(got(await read({ pass: old }))).toEqual([410, 'PASS_EXPIRED']);
    // At a station closed for a while (ty0293, d0069's), the reader is told why: 403.
    const closed = await call(`${s.api}/staff/stations/ty0293/closures`, {
      method: 'POST',
      token: city.token,
      body: { reason: '设备检修', until: '2026-12-01T12:00:00+08:00' },
    });
    expect(got(closed)).toEqual([201, null]);
    const fresh = (await call(`${s.api}/me/pass`, { method: 'POST', token })).body.pass;
    expect(got(await read({ pass: fresh }))).toEqual([403, 'STATION_SUSPENDED']);
    await call(`${s.api}/staff/stations/ty0293/closures/${closed.body.closure.id}`, { method: 'DELETE', token: city.token });
  });

  it('alerts 201/400/401/404; my alerts 200/400/401; staff alerts and entry counts 200/400/401/403/404', async () => {
    const token = await newSession(s.api);
    const alert = (body: unknown, t?: string) => call(`${s.api}/alerts`, { method: 'POST', token: t, body });
    expect(got(await alert({ stationId: 'ty0195', doorId: 'd0039', location: { ...WUYI, coord: 'gcj02', accuracyM: 20 } }, token))).toEqual(
      [201, null],
    );
    expect(got(await alert({}, token))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await alert({ stationId: 'ty0195' }))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await alert({ stationId: 'zz99' }, token))).toEqual([404, 'NOT_FOUND']);
    const mine = await call(`${s.api}/me/alerts`, { token });
    expect([mine.status, mine.body.alerts[0].state, mine.body.alerts[0].acknowledgedBy]).toEqual([200, 'open', null]);
    expect(got(await call(`${s.api}/me/alerts?limit=0`, { token }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await call(`${s.api}/me/alerts`))).toEqual([401, 'UNAUTHENTICATED']);
    for (const report of ['alerts', 'entry-counts']) {
      const r = await call(`${s.api}/staff/${report}?from=2026-12-01`, { token: keeper.token });
      expect([report, r.status]).toEqual([report, 200]);
      expect(got(await call(`${s.api}/staff/${report}?from=2026-02-30`, { token: keeper.token }))).toEqual([400, 'VALIDATION_FAILED']);
      expect(got(await call(`${s.api}/staff/${report}`))).toEqual([401, 'UNAUTHENTICATED']);
      expect(got(await call(`${s.api}/staff/${report}?stationId=ty0205`, { token: keeper.token }))).toEqual([403, 'STAFF_FORBIDDEN']);
      expect(got(await call(`${s.api}/staff/${report}?stationId=ty9999`, { token: city.token }))).toEqual([404, 'NOT_FOUND']);
    }
    const alerts = (await call(`${s.api}/staff/alerts?from=2026-12-01`, { token: keeper.token })).body.alerts;
    expect(alerts[0]).toMatchObject({
      station: { id: 'ty0195' },
      door: { id: 'd0039' },
      location: { coord: 'gcj02', accuracyM: 20 },
      state: 'open',
    });
  });

  it('acknowledging and resolving an alarm: 200, 400, 401, 403, 404, 409', async () => {
    const raised = (await call(`${s.api}/alerts`, { method: 'POST', token: await newSession(s.api), body: { stationId: 'ty0195' } })).body
      .alert;
    const act = (what: string, id: string, token?: string, body?: unknown) =>
      call(`${s.api}/staff/alerts/${id}/${what}`, { method: 'POST', token, body });
    const ack = await act('acknowledge', raised.id, keeper.token);
    expect([ack.status, ack.body.alert.state, ack.body.alert.acknowledged.name]).toEqual([200, 'acknowledged', keeper.displayName]);
    expect(got(await act('acknowledge', 'a'.repeat(41), keeper.token))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await act('acknowledge', raised.id))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await act('acknowledge', raised.id, clinic.token))).toEqual([403, 'STAFF_FORBIDDEN']);
    expect(got(await act('acknowledge', 'al_none', city.token))).toEqual([404, 'NOT_FOUND']);
    expect(got(await act('resolve', raised.id, keeper.token, {}))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await act('resolve', raised.id, undefined, { note: '已处理' }))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await act('resolve', raised.id, otherClinic.token, { note: '已处理' }))).toEqual([403, 'STAFF_FORBIDDEN']);
    expect(got(await act('resolve', 'al_none', city.token, { note: '已处理' }))).toEqual([404, 'NOT_FOUND']);
    const done = await act('resolve', raised.id, district.token, { note: '已联系职工，无大碍' });
    expect([done.status, done.body.alert.state, done.body.alert.resolved.note]).toEqual([200, 'resolved', '已联系职工，无大碍']);
    expect(got(await act('resolve', raised.id, keeper.token, { note: '再次' }))).toEqual([409, 'ALARM_RESOLVED']);
    expect(got(await act('acknowledge', raised.id, keeper.token))).toEqual([409, 'ALARM_RESOLVED']);
  });

  it('withdrawing an alert (取消求助): 200, 400, 401, 404, 409; resolving a withdrawn alarm 409', async () => {
    const token = await newSession(s.api);
    const raise = async () => (await call(`${s.api}/alerts`, { method: 'POST', token, body: { stationId: 'ty0195' } })).body.alert;
    const withdraw = (id: string, t?: string) => call(`${s.api}/alerts/${id}/withdraw`, { method: 'POST', token: t, body: {} });
    const first = await raise();
    const done = await withdraw(first.id, token);
    expect([done.status, done.body.alert.state, done.body.alert.withdrawnAt]).toEqual([200, 'withdrawn', '2026-12-01T10:00:00+08:00']);
    expect(got(await withdraw('a'.repeat(41), token))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await withdraw(first.id))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await withdraw(first.id, await newSession(s.api)))).toEqual([404, 'NOT_FOUND']);
    expect(
      got(await call(`${s.api}/staff/alerts/${first.id}/resolve`, { method: 'POST', token: keeper.token, body: { note: '已处理' } })),
    ).toEqual([409, 'ALARM_WITHDRAWN']);
    const second = await raise();
    s.clock.nowMs = T0 + 121_000;
    expect(got(await withdraw(second.id, token))).toEqual([409, 'ALERT_WITHDRAW_CLOSED']);
  });

  it('the door links redirect (302) to the h5 unlock page', async () => {
    for (const kind of ['d', 'r']) {
      const r = await fetch(`${s.baseUrl}/${kind}/d0039.1.AAAA`, { redirect: 'manual' });
      expect([kind, r.status, r.headers.get('location')?.startsWith('/#/packages/unlock/')]).toEqual([kind, 302, true]);
    }
  });
});

describe('health bookings', () => {
  it('health stations 200; slots 200, 400, 404', async () => {
    expect(got(await call(`${s.api}/health-stations`))).toEqual([200, null]);
    await addSession(s, 'cs_oa_slots', '2026-12-04', sh(2026, 12, 4, 9), [1, 1]);
    const slots = await call(`${s.api}/health-stations/hs01/slots?date=2026-12-04`);
    expect([slots.status, slots.body.sessions.some((x: { id: string }) => x.id === 'cs_oa_slots')]).toEqual([200, true]);
    expect(got(await call(`${s.api}/health-stations/hs01/slots?date=tomorrow`))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await call(`${s.api}/health-stations/hs99/slots?date=2026-12-04`))).toEqual([404, 'NOT_FOUND']);
  });

  it('booking 201/202/400/401/403/404/409/422, my bookings 200/401/404, leaving the waitlist 204/400/401/403/404', async () => {
    const [first, second] = [await worker(), await worker()];
    const stranger = await newSession(s.api);
    const slot = (await addSession(s, 'cs_oa_book', '2026-12-05', sh(2026, 12, 5, 9), [1])).slotIds[0];
    expect(got(await book(s, first, slot, { key: 'oa-key-0001' }))).toEqual([201, null]);
    expect(got(await book(s, first, slot))).toEqual([409, 'ALREADY_BOOKED']);
    expect(got(await book(s, first, 'nope', { key: 'oa-key-0001' }))).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    const waiting = await book(s, second, slot, { waitlistIfFull: true });
    expect([waiting.status, waiting.body.status, waiting.body.position]).toEqual([202, 'waitlisted', 1]);
    expect(got(await call(`${s.api}/bookings`, { method: 'POST', token: first, body: {} }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await call(`${s.api}/bookings`, { method: 'POST', body: { slotId: slot } }))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await book(s, stranger, slot))).toEqual([403, 'NOT_REGISTERED']);
    expect(got(await book(s, first, 'cs_none_1'))).toEqual([404, 'NOT_FOUND']);

    const mine = await call(`${s.api}/me/bookings`, { token: second });
    expect([mine.status, mine.body.bookings.map((b: { kind: string }) => b.kind)]).toEqual([200, ['waitlist']]);
    expect(got(await call(`${s.api}/me/bookings`))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await call(`${s.api}/me/bookings`, { token: stranger }))).toEqual([404, 'NOT_REGISTERED']);

    const leave = (id: string, t?: string) => call(`${s.api}/waitlist/${id}`, { method: 'DELETE', token: t });
    expect(got(await leave(TOO_LONG_ID, second))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await leave(waiting.body.id))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await leave(waiting.body.id, stranger))).toEqual([403, 'NOT_REGISTERED']);
    expect(got(await leave(waiting.body.id, second))).toEqual([204, null]);
    expect(got(await leave(waiting.body.id, second))).toEqual([404, 'NOT_FOUND']);
  });

  it.each([
    ['DELETE', (id: string) => `/bookings/${id}`],
    ['POST', (id: string) => `/bookings/${id}/cancel`],
  ])('cancelling by %s: 200, 400, 401, 403, 404, 409', async (method, url) => {
    const token = await worker();
    const stranger = await newSession(s.api);
    const later = (await addSession(s, `cs_oa_c${method}`, '2026-12-06', sh(2026, 12, 6, 9), [1])).slotIds[0];
    // Starts in an hour: online cancelling ended 2 hours before the start.
    const soon = (await addSession(s, `cs_oa_s${method}`, '2026-12-01', sh(2026, 12, 1, 11), [1])).slotIds[0];
    const booked = (await book(s, token, later)).body;
    const tooLate = (await book(s, token, soon)).body;
    const cancel = (id: string, t?: string) => call(`${s.api}${url(id)}`, { method, token: t });
    expect(got(await cancel(TOO_LONG_ID, token))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await cancel(booked.id))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await cancel(booked.id, stranger))).toEqual([403, 'NOT_REGISTERED']);
    expect(got(await cancel('b_none', token))).toEqual([404, 'NOT_FOUND']);
    expect(got(await cancel(tooLate.id, token))).toEqual([409, 'CANCEL_TOO_LATE']);
    const done = await cancel(booked.id, token);
    expect([done.status, done.body.status, done.body.cancelledBy]).toEqual([200, 'cancelled', 'worker']);
  });

  it('staff: check-in 200/400/401/403/404/409, cancelling a clinic session 200/400/401/403/404', async () => {
    const slot = (await addSession(s, 'cs_oa_ci', '2026-12-01', sh(2026, 12, 1, 10, 20), [2])).slotIds[0];
    const { checkInCode } = (await book(s, await worker(), slot)).body;
    const checkIn = (station: string, body: unknown, token: string | undefined = clinic.token) =>
      call(`${s.api}/staff/health-stations/${station}/check-ins`, { method: 'POST', body, token });
    expect(got(await checkIn('hs02', { code: checkInCode }, city.token))).toEqual([409, 'CHECK_IN_WRONG_STATION']);
    expect(got(await checkIn('hs01', { code: checkInCode }))).toEqual([200, null]);
    expect(got(await checkIn('hs01', {}))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await checkIn('hs01', { code: checkInCode }, ''))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await checkIn('hs01', { code: checkInCode }, otherClinic.token))).toEqual([403, 'STAFF_FORBIDDEN']);
    expect(got(await checkIn('hs01', { code: '00000000' }))).toEqual([404, 'CHECK_IN_CODE_INVALID']);

    await addSession(s, 'cs_oa_cancel', '2026-12-07', sh(2026, 12, 7, 9), [1]);
    const cancel = (id: string, token: string | undefined = clinic.token, body?: unknown) =>
      call(`${s.api}/staff/clinic-sessions/${id}/cancel`, { method: 'POST', token, body });
    const done = await cancel('cs_oa_cancel', clinic.token, { reason: 'doctor_absent' });
    expect([done.status, done.body]).toEqual([200, { bookingsCancelled: 0, waitlistCancelled: 0 }]);
    expect(got(await cancel(TOO_LONG_ID))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await cancel('cs_oa_cancel', ''))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await cancel('cs_oa_cancel', keeper.token))).toEqual([403, 'STAFF_FORBIDDEN']);
    expect(got(await cancel('cs_none', city.token))).toEqual([404, 'NOT_FOUND']);
  });

  it('staff: the clinic day 200/400/401/403/404', async () => {
    const day = (station: string, query = '', token: string | undefined = clinic.token) =>
      call(`${s.api}/staff/health-stations/${station}/day${query}`, { token });
    const ok = await day('hs01', '?date=2026-12-07');
    expect([ok.status, ok.body.date, ok.body.sessions.map((x: { id: string; status: string }) => [x.id, x.status])]).toEqual([
      200,
      '2026-12-07',
      [['cs_oa_cancel', 'cancelled']],
    ]);
    expect(got(await day('hs01', '?date=2026-02-30'))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await day('hs01', '?date=7.12.2026'))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await day('hs01', '', ''))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await day('hs01', '', otherClinic.token))).toEqual([403, 'STAFF_FORBIDDEN']);
    expect(got(await day('hs_none', '', city.token))).toEqual([404, 'NOT_FOUND']);
  });
});

describe('staff', () => {
  it('who I am: 200 (roles, or none), 401', async () => {
    const me = await call(`${s.api}/staff/me`, { token: keeper.token });
    expect([me.status, me.body.roles.map((r: { role: string; scope: { stationId: string } }) => [r.role, r.scope.stationId])]).toEqual([
      200,
      [['keeper', 'ty0195']],
    ]);
    expect((await call(`${s.api}/staff/me`, { token: await worker() })).body).toEqual({ isWorker: true, roles: [] });
    expect(got(await call(`${s.api}/staff/me`))).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('redeeming an invitation: 201, 400, 401, 404, 409 (used, already staff), 410', async () => {
    const token = await newSession(s.api);
    const redeem = (code: string, t: string | undefined = token, displayName = '孙师傅') =>
      call(`${s.api}/staff/invitations/redeem`, { method: 'POST', token: t, body: { code, displayName } });
    const code = await invitationCode(s, 'keeper', { stationId: 'ty0205' });
    expect(got(await redeem(code, token, ''))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await redeem(code, ''))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await redeem('AAAA-BBBB-CCCC-DDDD-EEEE'))).toEqual([404, 'INVITATION_INVALID']);
    const ok = await redeem(code.toLowerCase().replace(/-/g, ' '));
    expect([ok.status, ok.body.member.role, ok.body.member.scope.stationId, ok.body.member.displayName]).toEqual([
      201,
      'keeper',
      'ty0205',
      '孙师傅',
    ]);
    expect(got(await redeem(code, await newSession(s.api)))).toEqual([409, 'INVITATION_USED']);
    expect(got(await redeem(await invitationCode(s, 'keeper', { stationId: 'ty0205' })))).toEqual([409, 'ALREADY_STAFF']);
    const old = await invitationCode(s, 'keeper', { stationId: 'ty0205' }, T0 - 72 * 3_600_000);
    expect(got(await redeem(old, await newSession(s.api)))).toEqual([410, 'INVITATION_EXPIRED']);
  });

  it('inviting: 201, 400, 401, 403, 404', async () => {
    const invite = (body: unknown, token: string | undefined = district.token) =>
      call(`${s.api}/staff/invitations`, { method: 'POST', token, body });
    const r = await invite({ role: 'keeper', stationId: 'ty0205', name: '周师傅' });
    expect([r.status, r.body.role, r.body.expiresAt, r.body.code]).toEqual([
      201,
      'keeper',
      '2026-12-04T10:00:00+08:00',
      expect.stringMatching(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){4}$/),
    ]);
    expect(got(await invite({ role: 'keeper', name: '周师傅' }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await invite({ role: 'keeper', stationId: 'ty0205', name: '周师傅' }, ''))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await invite({ role: 'district', districtCode: '140106', name: '吴科长' }))).toEqual([403, 'STAFF_FORBIDDEN']);
    expect(got(await invite({ role: 'keeper', stationId: 'ty9999', name: '周师傅' }, city.token))).toEqual([404, 'NOT_FOUND']);
  });

  it('members: list 200/400/401/403, suspend 200/400/401/403/404', async () => {
    const list = await call(`${s.api}/staff/members`, { token: district.token });
    expect([list.status, list.body.members.some((m: { id: string }) => m.id === keeper.id)]).toEqual([200, true]);
    expect(got(await call(`${s.api}/staff/members?limit=0`, { token: district.token }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await call(`${s.api}/staff/members`))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await call(`${s.api}/staff/members`, { token: keeper.token }))).toEqual([403, 'STAFF_FORBIDDEN']);
    const spare = await staffMember(s, 'keeper', { stationId: 'ty0205' });
    const suspend = (id: string, token: string | undefined = district.token) =>
      call(`${s.api}/staff/members/${id}/suspend`, { method: 'POST', token });
    const done = await suspend(spare.id);
    expect([done.status, done.body.member.id, typeof done.body.member.suspendedAt]).toEqual([200, spare.id, 'string']);
    expect(got(await suspend(TOO_LONG_ID))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await suspend(spare.id, ''))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await suspend(city.id))).toEqual([403, 'STAFF_FORBIDDEN']);
    expect(got(await suspend('st_none', city.token))).toEqual([404, 'NOT_FOUND']);
  });

  it("stations with their doors' health: 200, 400, 401, 403", async () => {
    const r = await call(`${s.api}/staff/stations`, { token: keeper.token });
    expect([r.status, r.body.stations.map((x: { id: string }) => x.id)]).toEqual([200, ['ty0195']]);
    expect(got(await call(`${s.api}/staff/stations?limit=0`, { token: keeper.token }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await call(`${s.api}/staff/stations`))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await call(`${s.api}/staff/stations`, { token: clinic.token }))).toEqual([403, 'STAFF_FORBIDDEN']);
  });

  it("a station's entries 200/400/401/403/404; closing 201/400/401/403/404, reopening 200/400/401/403/404", async () => {
    const entries = (q: string, token?: string) => call(`${s.api}/staff/stations/${q}`, { token });
    expect(got(await entries('ty0195/entries?date=2026-12-01', keeper.token))).toEqual([200, null]);
    expect(got(await entries('ty0195/entries?date=2026-12-32', keeper.token))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await entries('ty0195/entries'))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await entries('ty0205/entries', keeper.token))).toEqual([403, 'STAFF_FORBIDDEN']);
    expect(got(await entries('ty9999/entries', city.token))).toEqual([404, 'NOT_FOUND']);
    const close = (id: string, body: unknown, token?: string) =>
      call(`${s.api}/staff/stations/${id}/closures`, { method: 'POST', token, body });
    const body = { reason: '水管维修', until: '2026-12-01T12:00:00+08:00' };
    const closed = await close('ty0195', body, keeper.token);
    expect(got(closed)).toEqual([201, null]);
    expect(got(await close('ty0195', { reason: '水管维修' }, keeper.token))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await close('ty0195', body))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await close('ty0205', body, keeper.token))).toEqual([403, 'STAFF_FORBIDDEN']);
    expect(got(await close('ty9999', body, city.token))).toEqual([404, 'NOT_FOUND']);
    const reopen = (id: string, closureId: string, token?: string) =>
      call(`${s.api}/staff/stations/${id}/closures/${closureId}`, { method: 'DELETE', token });
    expect(got(await reopen('ty0195', 'x'.repeat(41), keeper.token))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await reopen('ty0195', closed.body.closure.id))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await reopen('ty0205', closed.body.closure.id, keeper.token))).toEqual([403, 'STAFF_FORBIDDEN']);
    expect(got(await reopen('ty0195', closed.body.closure.id, keeper.token))).toEqual([200, null]);
    expect(got(await reopen('ty0195', closed.body.closure.id, keeper.token))).toEqual([404, 'NOT_FOUND']);
  });

  it('remote open 200/400/401/403/404', async () => {
    const open = (door: string, body: unknown, token?: string) =>
      call(`${s.api}/staff/doors/${door}/remote-open`, { method: 'POST', token, body });
    const body = { reason: '工友手机没电' };
    expect(got(await open('d0039', body, keeper.token))).toEqual([200, null]);
    expect(got(await open('d0039', {}, keeper.token))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await open('d0039', body))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await open('d0041', body, keeper.token))).toEqual([403, 'STAFF_FORBIDDEN']);
    expect(got(await open('d9999', body, city.token))).toEqual([404, 'NOT_FOUND']);
  });

  it('station reports: create 201/400/401/403/404, list 200/400/401/403/404, photo 200/400/401/403/404, resolve 200/400/401/403/404/409', async () => {
    const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]).toString('base64');
    const create = (id: string, body: unknown, token?: string) =>
      call(`${s.api}/staff/stations/${id}/reports`, { method: 'POST', token, body });
    const made = await create('ty0195', { kind: 'charger', note: '充电线坏了', photo: { mime: 'image/png', base64: PNG } }, keeper.token);
    expect(got(made)).toEqual([201, null]);
    expect(got(await create('ty0195', { kind: 'other' }, keeper.token))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await create('ty0195', { kind: 'charger', photo: { mime: 'image/jpeg', base64: PNG } }, keeper.token))).toEqual([
      400,
      'PHOTO_INVALID',
    ]);
    expect(got(await create('ty0195', { kind: 'charger' }))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await create('ty0205', { kind: 'charger' }, keeper.token))).toEqual([403, 'STAFF_FORBIDDEN']);
    expect(got(await create('ty9999', { kind: 'charger' }, city.token))).toEqual([404, 'NOT_FOUND']);
    const list = (q: string, token?: string) => call(`${s.api}/staff/reports${q}`, { token });
    expect(got(await list('?stationId=ty0195', keeper.token))).toEqual([200, null]);
    expect(got(await list('?state=closed', keeper.token))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await list(''))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await list('?stationId=ty0205', keeper.token))).toEqual([403, 'STAFF_FORBIDDEN']);
    expect(got(await list('?stationId=ty9999', city.token))).toEqual([404, 'NOT_FOUND']);
    const id = made.body.report.id;
    const photo = (rid: string, token?: string) => call(`${s.api}/staff/reports/${rid}/photo`, { token });
    const p = await photo(id, keeper.token);
    expect([p.status, p.headers.get('content-type')]).toEqual([200, 'image/png']);
    expect(got(await photo(TOO_LONG_ID, keeper.token))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await photo(id))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await photo(id, otherClinic.token))).toEqual([403, 'STAFF_FORBIDDEN']);
    expect(got(await photo('rp_none', city.token))).toEqual([404, 'NOT_FOUND']);
    const resolve = (rid: string, body: unknown, token?: string) =>
      call(`${s.api}/staff/reports/${rid}/resolve`, { method: 'POST', token, body });
    expect(got(await resolve(id, { note: '' }, keeper.token))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await resolve(id, { note: '已更换' }))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await resolve(id, { note: '已更换' }, clinic.token))).toEqual([403, 'STAFF_FORBIDDEN']);
    expect(got(await resolve('rp_none', { note: '已更换' }, city.token))).toEqual([404, 'NOT_FOUND']);
    expect(got(await resolve(id, { note: '已更换' }, district.token))).toEqual([200, null]);
    expect(got(await resolve(id, { note: '已更换' }, keeper.token))).toEqual([409, 'REPORT_RESOLVED']);
  });

  it('statistics and their export: 200, 400, 401, 403, 404', async () => {
    for (const path of ['stats', 'stats/export']) {
      const at = (q: string) => `${s.api}/staff/${path}?${q}`;
      expect(got(await call(at('from=2026-12-01'), { token: district.token }))).toEqual([200, null]);
      expect(got(await call(at('from=2026-12-01&to=2026-11-01'), { token: district.token }))).toEqual([400, 'VALIDATION_FAILED']);
      expect(got(await call(at('from=2026-12-01')))).toEqual([401, 'UNAUTHENTICATED']);
      expect(got(await call(at('districtCode=140107'), { token: district.token }))).toEqual([403, 'STAFF_FORBIDDEN']);
      expect(got(await call(at('districtCode=999999'), { token: city.token }))).toEqual([404, 'NOT_FOUND']);
    }
    const xlsx = await call(`${s.api}/staff/stats/export?format=xlsx`, { token: city.token });
    expect([xlsx.status, xlsx.headers.get('content-type')]).toEqual([
      200,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]);
  });

  it('the audit trail: 200, 400, 401, 403', async () => {
    const page = await call(`${s.api}/staff/audit?limit=2`, { token: city.token });
    expect([page.status, page.body.entries.length, typeof page.body.nextBefore]).toEqual([200, 2, 'number']);
    expect(got(await call(`${s.api}/staff/audit?from=2026-13-01`, { token: city.token }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await call(`${s.api}/staff/audit`))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await call(`${s.api}/staff/audit`, { token: district.token }))).toEqual([403, 'STAFF_FORBIDDEN']);
  });
});

describe('with rate limits and WeChat sign-in only', () => {
  let wx = 0;
  /** A session by WeChat login code (the test double) on the limited server. */
  const wxSession = async (): Promise<string> => {
    const r = await call(`${limited.api}/sessions`, { method: 'POST', body: { wxCode: `oa-code-${++wx}` } });
    if (r.status !== 201) throw new Error(`session: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.token;
  };
  const wxWorker = async (): Promise<string> => {
    const token = await wxSession();
    const r = await call(`${limited.api}/workers`, {
      method: 'POST',
      token,
      body: registrationBody({ idNumber: madeUpIdNumber(n++), phone: '13900009003' }),
    });
    if (r.status !== 201) throw new Error(`register: ${r.status} ${JSON.stringify(r.body)}`);
    return token;
  };

  it('device sign-in is off: 403', async () => {
    const r = await call(`${limited.api}/sessions`, { method: 'POST', body: { deviceId: 'a'.repeat(32) } });
    expect(got(r)).toEqual([403, 'DEVICE_LOGIN_DISABLED']);
  });

  it('429 on registration, unlock, pass, pass read and alert', async () => {
    const once = await wxSession();
    const bad = registrationBody({ idNumber: '123' });
    expect(got(await call(`${limited.api}/workers`, { method: 'POST', token: once, body: bad }))).toEqual([422, 'ID_NUMBER_INVALID']);
    expect(got(await call(`${limited.api}/workers`, { method: 'POST', token: once, body: bad }))).toEqual([429, 'RATE_LIMITED']);

    const token = await wxWorker();
    const unlock = () => call(`${limited.api}/doors/unlock`, { method: 'POST', token, body: { code: 'wxp://f2f0abcdef' } });
    expect(got(await unlock())).toEqual([422, 'DOOR_CODE_INVALID']);
    expect(got(await unlock())).toEqual([429, 'RATE_LIMITED']);
    const pass = () => call(`${limited.api}/me/pass`, { method: 'POST', token });
    expect(got(await pass())).toEqual([201, null]);
    expect(got(await pass())).toEqual([429, 'RATE_LIMITED']);
    const readerKey = deviceKeys(loadMasterKey(limited.dataDir, null)).keyOf('d0069');
    const read = () =>
      call(`${limited.api}/doors/d0069/pass-reads`, { method: 'POST', headers: { 'x-device-key': readerKey }, body: { pass: 'YZP1.x' } });
    expect(got(await read())).toEqual([422, 'DOOR_CODE_INVALID']);
    expect(got(await read())).toEqual([429, 'RATE_LIMITED']);
    const alert = () => call(`${limited.api}/alerts`, { method: 'POST', token, body: { stationId: 'ty0195' } });
    expect(got(await alert())).toEqual([201, null]);
    expect(got(await alert())).toEqual([429, 'RATE_LIMITED']);
  });

  it('429 per person: wrong check-in codes and wrong invitation codes (1 a window here)', async () => {
    const clinicStaff = await staffMember(limited, 'clinic', { healthStationId: 'hs01' }, { wxCode: 'oa-staff-limited' });
    const checkIn = () =>
      call(`${limited.api}/staff/health-stations/hs01/check-ins`, { method: 'POST', token: clinicStaff.token, body: { code: '00000000' } });
    expect(got(await checkIn())).toEqual([404, 'CHECK_IN_CODE_INVALID']);
    expect(got(await checkIn())).toEqual([429, 'RATE_LIMITED']);
    const redeem = () =>
      call(`${limited.api}/staff/invitations/redeem`, {
        method: 'POST',
        token: clinicStaff.token,
        body: { code: 'AAAA', displayName: '钱师傅' },
      });
    expect(got(await redeem())).toEqual([404, 'INVITATION_INVALID']);
    expect(got(await redeem())).toEqual([429, 'RATE_LIMITED']);
  });

  it('429 per person: remote opens and station reports (1 a window here)', async () => {
    const keeperStaff = await staffMember(limited, 'keeper', { stationId: 'ty0195' }, { wxCode: 'oa-keeper-limited' });
    const open = () =>
      call(`${limited.api}/staff/doors/d0039/remote-open`, { method: 'POST', token: keeperStaff.token, body: { reason: '工友手机没电' } });
    expect(got(await open())).toEqual([200, null]);
    expect(got(await open())).toEqual([429, 'RATE_LIMITED']);
    const report = () =>
      call(`${limited.api}/staff/stations/ty0195/reports`, { method: 'POST', token: keeperStaff.token, body: { kind: 'microwave' } });
    expect(got(await report())).toEqual([201, null]);
    expect(got(await report())).toEqual([429, 'RATE_LIMITED']);
  });

  it('429 on sign-in once the address used its sessions (6 a window here)', async () => {
    let r = await call(`${limited.api}/sessions`, { method: 'POST', body: { wxCode: 'oa-code-last-0' } });
    for (let i = 1; r.status === 201 && i <= 6; i++)
      r = await call(`${limited.api}/sessions`, { method: 'POST', body: { wxCode: `oa-code-last-${i}` } });
    expect(got(r)).toEqual([429, 'RATE_LIMITED']);
  });
});

describe('console', () => {
  it('sign-in: start 201/429, poll 200/400/404, approve 200/400/401/403/404/409/410', async () => {
    const login = await startLogin(s);
    expect(got(await pollLogin(s, login))).toEqual([200, null]);
    expect(got(await pollLogin(s, { loginId: 'short', pollSecret: login.pollSecret }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await pollLogin(s, { loginId: login.loginId, pollSecret: 'y'.repeat(43) }))).toEqual([404, 'NOT_FOUND']);
    const approve = (id: string, token?: string, body?: unknown) =>
      call(`${s.api}/staff/console-logins/${id}/approve`, { method: 'POST', token, body });
    const code = login.code;
    expect(got(await approve(login.loginId, district.token, { staffId: '', code }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await approve(login.loginId, district.token, {}))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await approve(login.loginId, undefined, { code }))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await approve(login.loginId, keeper.token, { code }))).toEqual([403, 'STAFF_FORBIDDEN']);
    expect(got(await approve('A'.repeat(22), district.token, { code }))).toEqual([404, 'NOT_FOUND']);
    const wrong = code === '0000' ? '0001' : '0000';
    expect(got(await approve(login.loginId, district.token, { code: wrong }))).toEqual([409, 'CONSOLE_CODE_MISMATCH']);
    expect(got(await approve(login.loginId, district.token, { staffId: district.id, code }))).toEqual([200, null]);
    expect(got(await approveLogin(s, login.loginId, city))).toEqual([409, 'CONSOLE_LOGIN_USED']);
    const closed = await startLogin(s);
    const decoy = (await loginForApproval(s, closed.loginId, city)).body.choices.find((c: string) => c !== closed.code);
    expect(got(await approveLogin(s, closed.loginId, city, undefined, decoy))).toEqual([409, 'CONSOLE_CODE_MISMATCH']);
    expect(got(await approveLogin(s, closed.loginId, city))).toEqual([410, 'CONSOLE_LOGIN_CLOSED']);
    const stale = await startLogin(s);
    s.clock.nowMs = T0 + 300_000;
    expect(got(await approveLogin(s, stale.loginId, city))).toEqual([410, 'CONSOLE_LOGIN_EXPIRED']);
    expect(got(await call(`${limited.api}/console/logins`, { method: 'POST' }))).toEqual([201, null]);
    expect(got(await call(`${limited.api}/console/logins`, { method: 'POST' }))).toEqual([429, 'RATE_LIMITED']);
  });

  it('the approving page: GET 200/400/401/403/404/409/410', async () => {
    s.clock.nowMs = T0;
    const page = (id: string, token?: string) => loginForApproval(s, id, { token });
    const login = await startLogin(s);
    expect(got(await page(login.loginId, district.token))).toEqual([200, null]);
    expect(got(await page('short', district.token))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await page(login.loginId))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await page(login.loginId, keeper.token))).toEqual([403, 'STAFF_FORBIDDEN']);
    expect(got(await page('A'.repeat(22), district.token))).toEqual([404, 'NOT_FOUND']);
    const closed = await startLogin(s);
    const decoy = (await page(closed.loginId, city.token)).body.choices.find((c: string) => c !== closed.code);
    await approveLogin(s, closed.loginId, city, undefined, decoy);
    expect(got(await page(closed.loginId, district.token))).toEqual([410, 'CONSOLE_LOGIN_CLOSED']);
    expect(got(await approveLogin(s, login.loginId, city))).toEqual([200, null]);
    expect(got(await page(login.loginId, district.token))).toEqual([409, 'CONSOLE_LOGIN_USED']);
    const stale = await startLogin(s);
    s.clock.nowMs = T0 + 300_000;
    expect(got(await page(stale.loginId, district.token))).toEqual([410, 'CONSOLE_LOGIN_EXPIRED']);
  });

  it('the console session: GET 200/401, DELETE 204/401', async () => {
    const token = await consoleToken(s, district);
    expect(got(await call(`${s.api}/console/session`, { token }))).toEqual([200, null]);
    expect(got(await call(`${s.api}/console/session`, { method: 'DELETE', token }))).toEqual([204, null]);
    expect(got(await call(`${s.api}/console/session`, { token }))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await call(`${s.api}/console/session`, { method: 'DELETE', token }))).toEqual([401, 'UNAUTHENTICATED']);
  });
});

describe('station registry (issue 15)', () => {
  it('the registry: list 200/400/401/403; a station 200/400/401/403/404; an edit and the grade history likewise', async () => {
    const list = (token?: string, q = '') => call(`${s.api}/staff/registry/stations${q}`, { token });
    expect(got(await list(district.token))).toEqual([200, null]);
    expect(got(await list(district.token, '?limit=0'))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await list())).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await list(clinic.token))).toEqual([403, 'STAFF_FORBIDDEN']);
    for (const sub of ['', '/grade-history']) {
      const one = (id: string, token?: string) => call(`${s.api}/staff/stations/${id}${sub}`, { token });
      expect(got(await one('ty0195', keeper.token))).toEqual([200, null]);
      expect(got(await one('TY0195', keeper.token))).toEqual([400, 'VALIDATION_FAILED']);
      expect(got(await one('ty0195'))).toEqual([401, 'UNAUTHENTICATED']);
      expect(got(await one('ty0316', district.token))).toEqual([403, 'STAFF_FORBIDDEN']);
      expect(got(await one('ty9999', city.token))).toEqual([404, 'NOT_FOUND']);
    }
    const edit = (id: string, body: object, token?: string) => call(`${s.api}/staff/stations/${id}`, { method: 'PATCH', token, body });
    expect(got(await edit('ty0195', { grade: 3, gradeReason: '复核' }, district.token))).toEqual([200, null]);
    expect(got(await edit('ty0195', { grade: 2, gradeReason: '复核' }, district.token))).toEqual([200, null]);
    expect(got(await edit('ty0195', { hours: { weekly: [['25:00-26:00'], [], [], [], [], [], []] } }, district.token))).toEqual([
      400,
      'VALIDATION_FAILED',
    ]);
    expect(got(await edit('ty0195', { name: '五一广场' }))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await edit('ty0195', { name: '五一广场' }, keeper.token))).toEqual([403, 'STAFF_FORBIDDEN']);
    expect(got(await edit('ty9999', { name: '五一广场' }, city.token))).toEqual([404, 'NOT_FOUND']);
  });

  it('doors: add 201/400/401/403/404; device key, code key and posters 200/400/401/403/404', async () => {
    const add = (id: string, body: object, token?: string) => call(`${s.api}/staff/stations/${id}/doors`, { method: 'POST', token, body });
    const added = await add('ty0195', { name: '东门', hardware: 'controller_reader' }, district.token);
    expect(got(added)).toEqual([201, null]);
    expect(got(await add('ty0195', { name: '东门', hardware: 'turnstile' }, district.token))).toEqual([400, 'VALIDATION_FAILED']);
    expect(got(await add('ty0195', { name: '东门', hardware: 'controller' }))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await add('ty0195', { name: '东门', hardware: 'controller' }, keeper.token))).toEqual([403, 'STAFF_FORBIDDEN']);
    expect(got(await add('ty9999', { name: '东门', hardware: 'controller' }, city.token))).toEqual([404, 'NOT_FOUND']);
    const doorId = added.body.door.id as string;
    const routes: [string, string][] = [
      ['POST', 'device-key'],
      ['POST', 'code-key'],
      ['GET', 'poster.png'],
      ['GET', 'poster.pdf'],
    ];
    for (const [method, tail] of routes) {
      const at = (id: string, token?: string) => call(`${s.api}/staff/doors/${id}/${tail}`, { method, token });
      expect(got(await at(doorId, district.token))).toEqual([200, null]);
      expect(got(await at('D!', district.token))).toEqual([400, 'VALIDATION_FAILED']);
      expect(got(await at(doorId))).toEqual([401, 'UNAUTHENTICATED']);
      expect(got(await at(doorId, clinic.token))).toEqual([403, 'STAFF_FORBIDDEN']);
      expect(got(await at('d99999', city.token))).toEqual([404, 'NOT_FOUND']);
    }
  });

  it('the audit chain state: 200, 401, 403', async () => {
    expect(got(await call(`${s.api}/staff/audit/verify`, { token: city.token }))).toEqual([200, null]);
    expect(got(await call(`${s.api}/staff/audit/verify`))).toEqual([401, 'UNAUTHENTICATED']);
    expect(got(await call(`${s.api}/staff/audit/verify`, { token: district.token }))).toEqual([403, 'STAFF_FORBIDDEN']);
  });
});

it('saw every documented status of every operation answered (and checked) at least once', () => {
  const seen = new Set([...s.contract.answers, ...limited.contract.answers].map((a) => `${a.operationId} ${a.status}`));
  const documented = operations().flatMap((op) => Object.keys(op.spec.responses ?? {}).map((status) => `${op.operationId} ${status}`));
  expect(documented.length).toBeGreaterThan(100);
  expect(operations().map(operationKey)).toContain('GET /api/v1/stations/nearby');
  expect(documented.filter((d) => !seen.has(d))).toEqual([]);
});

describe('the checker (support/contract.ts) refuses what breaks the document', () => {
  const envelope = (code: string) => ({ error: { code, message: '请稍后再试' } });
  const places = {
    places: [{ id: 'p1', name: '五一广场', kind: 'landmark', districtCode: 140106, district: '迎泽区', lat: 37.86, lng: 112.56 }],
  };

  it('accepts a documented answer', () => {
    expect(answerViolation('listPlaces', 200, places, places)).toBeNull();
    expect(answerViolation('getMe', 404, envelope('NOT_REGISTERED'), envelope('NOT_REGISTERED'))).toBeNull();
    expect(answerViolation('getMe', 500, envelope('INTERNAL'), envelope('INTERNAL'))).toBeNull();
  });

  it('names the operation and the problem', () => {
    expect(answerViolation('listPlaces', 201, places, places)).toMatch(/^listPlaces 201: status not documented/);
    const { lat: _lat, ...noLat } = places.places[0];
    expect(answerViolation('listPlaces', 200, { places: [noLat] }, null)).toMatch(
      /^listPlaces 200: .*\/places\/0 must have required property 'lat'/,
    );
    const extra = { places: [{ ...places.places[0], secret: 1 }] };
    expect(answerViolation('listPlaces', 200, extra, null)).toMatch(/must NOT have additional properties 'secret'/);
    expect(answerViolation('listPlaces', 200, places, extra)).toMatch(/serialising through the response schema changed the body/);
    expect(answerViolation('getMe', 404, envelope('NOT_FOUND'), null)).toMatch(
      /error code NOT_FOUND is not in the response's x-error-codes \[NOT_REGISTERED\]/,
    );
    // A body parse error is generic only for an operation that takes a body.
    expect(answerViolation('getMe', 413, envelope('BAD_REQUEST'), null)).toMatch(/status not documented/);
    expect(answerViolation('giveConsent', 413, envelope('BAD_REQUEST'), null)).toBeNull();
    expect(answerViolation('deleteMe', 200, { entriesAnonymised: 0, bookingsAnonymised: 0, upcomingBookingsCancelled: 0.5 }, null)).toMatch(
      /must be integer/,
    );
    expect(
      answerViolation(
        'issuePass',
        201,
        { pass: 'p', expiresAt: '2026-12-01T10:00:40Z', refreshAt: '2026-12-01T10:00:30+08:00', refreshInMs: 1 },
        null,
      ),
    ).toMatch(/\/expiresAt must match pattern/);
  });
});
