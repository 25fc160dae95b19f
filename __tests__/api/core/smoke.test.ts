import { startServer, call, newSession, type TestServer } from '../../support/server';

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(async () => s.close());

it('answers nearby at 五一广场 (WGS-84) with stations sorted by distance within 1 km', async () => {
  const r = await call(`${s.api}/stations/nearby?lat=37.86111&lng=112.56791&coord=wgs84`);
  expect(r.status).toBe(200);
  const d = r.body.stations.map((x: { distanceM: number }) => x.distanceM);
  expect(d.length).toBeGreaterThan(0);
  expect([...d].sort((a, b) => a - b)).toEqual(d);
  expect(Math.max(...d)).toBeLessThanOrEqual(1000);
});

it('requires a session for /me', async () => {
  expect((await call(`${s.api}/me`)).status).toBe(401);
  const token = await newSession(s.api);
  const me = await call(`${s.api}/me`, { token });
  expect(me.status).toBe(404);
  expect(me.body.error.code).toBe('NOT_REGISTERED');
});
