/**
 * JSON bodies: keys that would reach an object's prototype (`__proto__`, `constructor.prototype`) are refused,
 * and a field the contract does not know answers 400 VALIDATION_FAILED naming it (openapi.yaml says
 * `additionalProperties: false`), instead of being dropped without a word.
 */
import type { RouteOptions } from 'fastify';
import { startServer, call, newSession, type TestServer } from '../../support/server';
import { registrationBody } from '../../support/registration';
import { registeredWorker } from '../../support/booking';

let s: TestServer;
const routes: RouteOptions[] = [];
beforeAll(async () => {
  s = await startServer({}, {}, { onRoute: (r) => routes.push(r) });
});
afterAll(async () => s.close());

const post = (p: string, text: string, token?: string) =>
  fetch(`${s.api}${p}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: text,
  });

describe('prototype keys', () => {
  it.each([
    ['__proto__', '{"deviceId":"proto-device-000000000000000000000001","__proto__":{"isAdmin":true}}'],
    ['constructor.prototype', '{"deviceId":"proto-device-000000000000000000000002","constructor":{"prototype":{"isAdmin":true}}}'],
  ])('refuses a body with %s with 400 BAD_REQUEST', async (_what, text) => {
    const res = await post('/sessions', text);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'BAD_REQUEST', message: '请求有误，请返回上一页后重试。' } });
  });

  it('still treats an empty body as no body', async () => {
    const res = await post('/sessions', '');
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
  });
});

describe('unknown fields', () => {
  let workers = 0;
  it('refuses an unknown top-level field, naming it', async () => {
    const r = await call(`${s.api}/sessions`, {
      method: 'POST',
      body: { deviceId: 'unknown-field-device'.padEnd(32, '0'), isAdmin: true },
    });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: ['isAdmin'] } });
  });

  it('refuses an unknown field in a nested object (the registration consent), naming it', async () => {
    const token = await newSession(s.api);
    const body = registrationBody();
    const r = await call(`${s.api}/workers`, { method: 'POST', token, body: { ...body, consent: { ...body.consent, marketing: true } } });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: ['consent'] } });
  });

  it.each([
    ['/doors/unlock', { code: 'https://yz.tyzgh.cn/d/d0039.1.AAAAAAAAAAAAAAAA', doorId: 'd0039' }, 'doorId'],
    ['/alerts', { stationId: 'ty0001', note: '有人晕倒' }, 'note'],
    ['/alerts', { stationId: 'ty0001', location: { lat: 37.86, lng: 112.57, coord: 'gcj02', speed: 3 } }, 'location'],
    ['/bookings', { slotId: 'x', priority: 1 }, 'priority'],
  ])('POST %s with an unknown field answers 400 naming %#', async (p, body, field) => {
    const token = await registeredWorker(s.api, 900 + ++workers);
    const r = await call(`${s.api}${p}`, { method: 'POST', token, body });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: [field] } });
  });

  it('declares additionalProperties: false on every body schema, nested objects included', () => {
    const loose: string[] = [];
    const walk = (schema: any, where: string): void => {
      if (!schema || typeof schema !== 'object') return;
      if (schema.type === 'object' && schema.additionalProperties !== false) loose.push(where);
      for (const [k, sub] of Object.entries<any>(schema.properties ?? {})) walk(sub, `${where}.${k}`);
      if (schema.items) walk(schema.items, `${where}[]`);
    };
    const withBody = routes.filter((r) => r.schema?.body);
    for (const r of withBody) walk(r.schema!.body, `${r.method} ${r.url}`);
    expect(withBody.length).toBeGreaterThanOrEqual(10);
    expect(loose).toEqual([]);
  });
});
