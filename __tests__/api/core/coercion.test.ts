/**
 * Types are not guessed: query text like "Infinity" or "0x25" is refused, and JSON bodies are taken as typed
 * (a string "true" is not an explicit consent, a string "Infinity" is not a coordinate).
 */
import { startServer, call, newSession, type TestServer } from '../../support/server';
import { registrationBody } from '../../support/registration';
import { printedDoorCode } from '../../../mock/src/features/doors/doorCodes';

let s: TestServer;
beforeAll(async () => {
  s = await startServer({ RATE_LIMIT: 'off' });
});
afterAll(async () => s.close());

it.each([
  ['lat=Infinity&lng=112.5', 'lat'],
  ['lat=37.8&lng=-Infinity', 'lng'],
  ['lat=37.8&lng=112.5&radiusM=Infinity', 'radiusM'],
  ['lat=NaN&lng=112.5', 'lat'],
  ['lat=0x25&lng=112.5', 'lat'],
  // Too large for a double: Number() gives ±Infinity, which slipped past min/max (500, or "radiusM":Infinity).
  ['lat=1e400&lng=112', 'lat'],
  ['lat=-1e400&lng=112', 'lat'],
  ['lat=37.8&lng=1e400', 'lng'],
  ['lat=37.8&lng=112.5&radiusM=1e309', 'radiusM'],
  ['lat=37.8&lng=112.5&limit=1e400', 'limit'],
  ['lat=37.8&lng=112.5&radiusM=abc', 'radiusM'],
  ['lng=112.5', 'lat'],
  ['lat=%20&lng=%20', 'lat'], // blanks: coerced to 0, the equator
  ['lat=37.8&lng=%09', 'lng'],
])('nearby with %s answers 400 VALIDATION_FAILED naming %s, never 500', async (q, field) => {
  const r = await call(`${s.api}/stations/nearby?${q}`);
  expect(r.status).toBe(400);
  expect(r.body).toEqual({
    error: { code: 'VALIDATION_FAILED', message: '查询条件有误，请返回后重新查询。', details: { fields: [field] } },
  });
});

it('a large but finite number is still just a number: radiusM=1e3 is 1,000 m', async () => {
  const r = await call(`${s.api}/stations/nearby?lat=37.861604&lng=112.57417&radiusM=1e3`);
  expect(r.status).toBe(200);
  expect(r.body.radiusM).toBe(1000);
});

it.each([
  ['"true"', 'true'],
  ['1', 1],
])('consent sensitiveInfo %s (not the boolean true) is refused', async (_label, value) => {
  const token = await newSession(s.api);
  const body = registrationBody();
  const r = await call(`${s.api}/workers`, {
    method: 'POST',
    token,
    body: { ...body, consent: { ...body.consent, sensitiveInfo: value } },
  });
  expect(r.status).toBe(400);
  expect(r.body.error.code).toBe('VALIDATION_FAILED');
  expect((await call(`${s.api}/me`, { token })).status).toBe(404); // nothing was registered
});

it('a location given as the string "Infinity" is refused, and no door opens', async () => {
  const token = await newSession(s.api);
  expect((await call(`${s.api}/workers`, { method: 'POST', token, body: registrationBody() })).status).toBe(201);
  const code = printedDoorCode(s.ctx.keys, s.ctx.config.doorHost, 'd0039');
  const r = await call(`${s.api}/doors/unlock`, {
    method: 'POST',
    token,
    body: { code, location: { lat: 'Infinity', lng: 112.5, coord: 'gcj02' } },
  });
  expect(r.status).toBe(400);
  const { n } = (await s.one<{ n: number }>('SELECT COUNT(*) AS n FROM grants'))!;
  expect(n).toBe(0);
});

it.each([
  ['name', '张'.repeat(101), 'NAME_INVALID', 'NAME_LENGTH'],
  ['idNumber', '1'.repeat(65), 'ID_NUMBER_INVALID', 'ID_NUMBER_LENGTH'],
  ['phone', '1'.repeat(40), 'PHONE_INVALID', 'PHONE_INVALID'],
])("an overlong %s gets the field's own 422 with its rule, not a generic 400", async (field, value, code, reason) => {
  const token = await newSession(s.api);
  const r = await call(`${s.api}/workers`, { method: 'POST', token, body: { ...registrationBody(), [field]: value } });
  expect(r.status).toBe(422);
  expect(r.body.error.code).toBe(code);
  expect(r.body.error.details).toMatchObject({ field, reason });
});
