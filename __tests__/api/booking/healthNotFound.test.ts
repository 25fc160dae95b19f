import { startServer, call, type TestServer } from '../../support/server';
import { staffMember } from '../../support/staff';

let s: TestServer;
beforeAll(async () => {
  s = await startServer({ SCHEDULER_INTERVAL_S: '0' });
});
afterAll(async () => s.close());

it('slots of an unknown health station: 404 NOT_FOUND, not an empty day', async () => {
  const r = await call(`${s.api}/health-stations/nope/slots?date=2026-12-03`);
  expect(r.status).toBe(404);
  expect(r.body.error.code).toBe('NOT_FOUND');
});

it('a known station with no sessions that day is an empty list', async () => {
  const r = await call(`${s.api}/health-stations/hs04/slots?date=2026-12-03`);
  expect(r.status).toBe(200);
  expect(r.body.sessions).toEqual([]);
});

it('check-in at an unknown health station: 404 NOT_FOUND for a city admin (not "wrong station"), 403 for clinic staff', async () => {
  const city = await staffMember(s, 'city');
  const r = await call(`${s.api}/staff/health-stations/zz/check-ins`, { method: 'POST', body: { code: '12345678' }, token: city.token });
  expect([r.status, r.body.error.code]).toEqual([404, 'NOT_FOUND']);
  // Anyone else learns nothing about which health stations exist.
  const clinic = await staffMember(s, 'clinic', { healthStationId: 'hs01' });
  const c = await call(`${s.api}/staff/health-stations/zz/check-ins`, { method: 'POST', body: { code: '12345678' }, token: clinic.token });
  expect([c.status, c.body.error.code]).toEqual([403, 'STAFF_FORBIDDEN']);
});

it('anonymous booking and staff calls are refused as unauthenticated before their bodies are read', async () => {
  const book = await call(`${s.api}/bookings`, { method: 'POST', body: {} });
  expect([book.status, book.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
  const staff = await call(`${s.api}/staff/health-stations/hs01/check-ins`, { method: 'POST', body: {} });
  expect([staff.status, staff.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
});
