/**
 * Emergency alerts (紧急求助) from accounts that have not registered are limited per account and per address (one
 * address sent 300 a minute through fresh sessions). A limited alert is never a silent drop: the 429 tells the
 * worker to call 110 / 120 or the station's duty phone, and carries the numbers. Registered workers keep their
 * own per-account limit and are not held back by an address's unregistered traffic.
 */
import { startServer, call, newSession, type TestServer } from '../../support/server';
import { registeredWorker } from '../../support/booking';

let s: TestServer;
let dutyPhone: string;
beforeAll(async () => {
  s = await startServer({ RATE_ALERT_UNREGISTERED_MAX: '2', RATE_ALERT_UNREGISTERED_ADDRESS_MAX: '5', RATE_WINDOW_S: '60' });
  dutyPhone = (await call(`${s.api}/stations/ty0001`)).body.phone;
});
afterAll(async () => s.close());

const alert = (token: string) => call(`${s.api}/alerts`, { method: 'POST', token, body: { stationId: 'ty0001' } });

/** What a limited alert answers, written out by hand. */
const limitedBody = (scope: string, retryAfterS: number) => ({
  error: {
    code: 'RATE_LIMITED',
    message: `求助提交太频繁，这次没有记下。如有危险请立即拨打110，急病请拨打120，或拨打驿站值班电话${dutyPhone}。`,
    details: { retryAfterS, scope, phones: { police: '110', ambulance: '120', station: dutyPhone } },
  },
});

it('limits one unregistered account to 2 alerts a minute, and the refusal gives the phone numbers', async () => {
  expect(dutyPhone).toMatch(/^[0-9-]{7,}$/);
  const token = await newSession(s.api);
  expect((await alert(token)).status).toBe(201);
  expect((await alert(token)).status).toBe(201);
  const r = await alert(token);
  expect(r.status).toBe(429);
  const retryAfterS = Number(r.headers.get('retry-after'));
  expect(retryAfterS).toBeGreaterThan(0);
  expect(r.body).toEqual(limitedBody('worker', retryAfterS));
});

it('limits unregistered alerts from one address across fresh sessions (5 a minute in all)', async () => {
  // The first test's account sent 3 from this address (the refused one counted too): 2 more pass, then 429.
  const statuses: number[] = [];
  for (let i = 0; i < 3; i++) statuses.push((await alert(await newSession(s.api))).status);
  expect(statuses).toEqual([201, 201, 429]);
  const r = await alert(await newSession(s.api));
  expect(r.body).toEqual(limitedBody('address', Number(r.headers.get('retry-after'))));
});

it("still records a registered worker's alert from that address", async () => {
  const token = await registeredWorker(s.api, 950);
  const r = await alert(token);
  expect(r.status).toBe(201);
  expect(r.body.station.phone).toBe(dutyPhone);
});
