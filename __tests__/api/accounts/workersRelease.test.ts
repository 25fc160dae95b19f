/**
 * POST /staff/workers/release: union staff free an identity number whose owner lost the phone (or that someone
 * else registered first), so the owner can register again; against the real server.
 */
import { startServer, call, newSession, type TestServer } from '../../support/server';
import { register, registrationBody } from '../../support/registration';
import { auditRows, staffMember, type TestStaff } from '../../support/staff';

let s: TestServer;
let city: TestStaff;
let district: TestStaff;
beforeAll(async () => {
  s = await startServer();
  city = await staffMember(s, 'city');
  district = await staffMember(s, 'district', { districtCode: '140108' });
});
afterAll(async () => s.close());

// Made up (太原市尖草坪区, born 1995-05-05). GB 11643 check character by hand: the weighted sum of the first 17
// digits (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2) is 234; 234 mod 11 = 3 -> '9'.
const ID = '140108199505050029';
const release = (idNumber: string, token: string | undefined = city.token) =>
  call(`${s.api}/staff/workers/release`, { method: 'POST', body: { idNumber }, token });

it('a lost phone: the new phone is refused, staff release the number, the old account is gone, the owner registers again', async () => {
  const oldPhone = await newSession(s.api);
  expect((await register(s.api, oldPhone, registrationBody({ idNumber: ID }))).status).toBe(201);
  const newPhone = await newSession(s.api);
  const refused = await register(s.api, newPhone, registrationBody({ idNumber: ID }));
  expect([refused.status, refused.body.error.code]).toEqual([409, 'ID_NUMBER_TAKEN']);

  expect((await release(ID, '')).status).toBe(401);
  // Only city admins reach every worker's account: district staff (even of the number's district) cannot.
  expect((await release(ID, district.token)).body.error.code).toBe('STAFF_FORBIDDEN');
  expect((await release(ID, newPhone)).body.error.code).toBe('STAFF_FORBIDDEN');
  // Typed as staff type it, in groups with spaces: the same number.
  const done = await release('140108 19950505 0029');
  expect(done.status).toBe(200);
  expect(done.body).toEqual({ released: true, entriesAnonymised: 0, bookingsAnonymised: 0, upcomingBookingsCancelled: 0 });
  const [row] = (await auditRows(s, 'worker.release')).filter((r) => r.outcome === 'ok');
  expect(row).toMatchObject({ staff_id: city.id, role: 'city', scope: 'city', target_type: 'account', address: '127.0.0.1' });
  // The identity number itself is nowhere in the trail.
  expect(JSON.stringify(await auditRows(s))).not.toMatch(/19950505/);

  expect((await call(`${s.api}/me`, { token: oldPhone })).status).toBe(401);
  expect((await register(s.api, newPhone, registrationBody({ idNumber: ID }))).status).toBe(201);
  expect((await call(`${s.api}/me`, { token: newPhone })).body.idNumberMasked).toBe('140***********0029');
});

it('answers 404 for a number nobody registered and 422 for one that is not an identity number', async () => {
  const none = await release('140105197802280025');
  expect([none.status, none.body.error.code]).toEqual([404, 'NOT_FOUND']);
  expect(none.body.error.message).toContain('可以直接登记');
  const bad = await release('140105197802280026');
  expect([bad.status, bad.body.error.code]).toEqual([422, 'ID_NUMBER_INVALID']);
});

it('never writes the number to the log', async () => {
  // Weighted sum 236, 236 mod 11 = 5 -> '7'.
  const other = '140108199505050037';
  const phone = await newSession(s.api);
  expect((await register(s.api, phone, registrationBody({ idNumber: other }))).status).toBe(201);
  expect((await release(other)).status).toBe(200);
  expect(s.logs()).not.toContain(other);
  expect(s.logs()).not.toContain('14010819950505');
  expect(s.logs()).toContain('worker_released');
});
