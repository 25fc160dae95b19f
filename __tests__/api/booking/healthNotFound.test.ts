import { startServer, call, type TestServer } from '../../support/server';

let s: TestServer;
beforeAll(async () => {
  s = await startServer({ STAFF_KEY: 'k-health-404', SCHEDULER_INTERVAL_S: '0' });
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

it('check-in at an unknown health station: 404 NOT_FOUND (not "wrong station")', async () => {
  const r = await call(`${s.api}/staff/health-stations/zz/check-ins`, { method: 'POST', body: { code: '12345678' }, headers: { 'x-staff-key': 'k-health-404' } });
  expect(r.status).toBe(404);
  expect(r.body.error.code).toBe('NOT_FOUND');
});

it('anonymous booking and staff calls are refused as unauthenticated before their bodies are read', async () => {
  const book = await call(`${s.api}/bookings`, { method: 'POST', body: {} });
  expect([book.status, book.body.error.code]).toEqual([401, 'UNAUTHENTICATED']);
  const staff = await call(`${s.api}/staff/health-stations/hs01/check-ins`, { method: 'POST', body: {} });
  expect([staff.status, staff.body.error.code]).toEqual([401, 'STAFF_KEY_INVALID']);
});
