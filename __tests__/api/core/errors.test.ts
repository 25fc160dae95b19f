/**
 * The error envelope `{error: {code, message}}` at the edges: unknown paths, bodies the HTTP layer refuses, and
 * missing, garbage or expired bearer tokens. Never a 500, never Fastify's own error shape.
 */
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import { startServer, call, newSession, type TestServer } from '../../support/server';

const T0 = Date.parse('2026-12-01T10:00:00+08:00');
const TTL_S = 3600;

let s: TestServer;
let h5Dir: string;
beforeAll(async () => {
  // With an h5 build the static wildcard `/*` is registered too, and used to swallow unknown API paths.
  h5Dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-h5-'));
  fs.writeFileSync(path.join(h5Dir, 'index.html'), '<!doctype html><title>驿站通</title>');
  s = await startServer({ SESSION_TTL_S: String(TTL_S) }, { h5Dir });
});
afterAll(async () => {
  await s.close();
  fs.rmSync(h5Dir, { recursive: true, force: true });
});
afterEach(() => {
  s.clock.nowMs = null;
});

/** Posts a raw body (not JSON.stringify'd) with the given content type. */
async function postRaw(url: string, body: string, contentType = 'application/json') {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body });
  return { status: res.status, body: (await res.json()) as { error: { code: string; message: string } } };
}

const chinese = /[\u4e00-\u9fff]/;

describe('unknown paths', () => {
  it.each(['GET', 'POST', 'DELETE'])('%s on an unknown /api/v1 path answers 404 NOT_FOUND in the envelope', async (method) => {
    const r = await call(`${s.api}/no-such-thing/here`, { method });
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ error: { code: 'NOT_FOUND', message: '没有这个接口' } });
  });

  it('answers the envelope without an h5 build as well', async () => {
    const bare = await startServer({}, { h5Dir: path.join(h5Dir, 'absent') });
    try {
      const r = await call(`${bare.api}/no-such-thing`);
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ error: { code: 'NOT_FOUND', message: '没有这个接口' } });
    } finally {
      await bare.close();
    }
  });

  it('still serves the h5 build at /', async () => {
    const res = await fetch(`${s.baseUrl}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('驿站通');
  });
});

describe('bodies the HTTP layer refuses', () => {
  it('answers malformed JSON with 400 BAD_REQUEST, not 500', async () => {
    const r = await postRaw(`${s.api}/sessions`, '{"deviceId":');
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('BAD_REQUEST');
    expect(r.body.error.message).toMatch(chinese);
    expect(s.logs()).not.toContain('unhandled error');
  });

  it('treats an empty JSON body as no body: a POST that needs one answers 400 VALIDATION_FAILED', async () => {
    const r = await postRaw(`${s.api}/sessions`, '');
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
  });

  it('accepts a bodiless DELETE sent with content-type application/json (as Taro.request does)', async () => {
    const token = await newSession(s.api);
    const res = await fetch(`${s.api}/sessions/current`, {
      method: 'DELETE',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(204);
    expect((await call(`${s.api}/me`, { token })).status).toBe(401);
  });

  it('answers a content type it does not read with 415 BAD_REQUEST', async () => {
    const r = await postRaw(`${s.api}/sessions`, '<deviceId>abcdefgh</deviceId>', 'application/xml');
    expect(r.status).toBe(415);
    expect(r.body.error.code).toBe('BAD_REQUEST');
  });

  it('answers a body over 64 KiB with 413 in the envelope, and keeps serving', async () => {
    const r = await postRaw(`${s.api}/sessions`, JSON.stringify({ deviceId: 'x'.repeat(64 * 1024) }));
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('BAD_REQUEST');
    expect(r.body.error.message).toMatch(chinese);
    // Just under the limit the parser accepts it and the schema refuses the field: 400 VALIDATION_FAILED.
    const under = await postRaw(`${s.api}/sessions`, JSON.stringify({ deviceId: 'x'.repeat(60 * 1024) }));
    expect(under.status).toBe(400);
    expect(under.body.error.code).toBe('VALIDATION_FAILED');
    expect((await call(`${s.api}/sessions`, { method: 'POST', body: { deviceId: 'after-big-body-1'.padEnd(32, '0') } })).status).toBe(201);
  });

  it('answers a body of the wrong shape with 400 VALIDATION_FAILED', async () => {
    const r = await call(`${s.api}/sessions`, { method: 'POST', body: { deviceId: 'short' } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    expect(r.body.error.message).toMatch(chinese);
    const empty = await call(`${s.api}/sessions`, { method: 'POST', body: {} });
    expect(empty.body).toEqual({ error: { code: 'VALIDATION_FAILED', message: '缺少登录信息，请重新打开小程序' } });
  });
});

describe("requests Node's HTTP parser refuses", () => {
  /** Sends `raw` bytes on a fresh connection; the whole answer as text. */
  const rawRequest = (raw: Buffer | string) =>
    new Promise<string>((resolve, reject) => {
      const { hostname, port } = new URL(s.api);
      const socket = net.connect(Number(port), hostname, () => socket.end(raw));
      const chunks: Buffer[] = [];
      socket.on('data', (c: Buffer) => chunks.push(c));
      socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      socket.on('error', reject);
    });
  const bodyOf = (answer: string) => JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));

  it('a raw non-ASCII path answers 400 in the envelope', async () => {
    const answer = await rawRequest(Buffer.from('GET /api/v1/stations/nearby?lat=中 HTTP/1.1\r\nHost: x\r\n\r\n', 'utf8'));
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(bodyOf(answer)).toEqual({ error: { code: 'BAD_REQUEST', message: '请求有误，请返回上一页后重试。' } });
  });

  it('a malformed percent-escape answers 400 in the envelope, without echoing the path', async () => {
    for (const p of ['/api/v1/stations/%ZZ', '/%ZZ']) {
      const r = await call(`${s.baseUrl}${p}`);
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ error: { code: 'BAD_REQUEST', message: '请求有误，请返回上一页后重试。' } });
    }
  });

  it('headers over 16 KB answer 431 in the envelope, and the server keeps serving', async () => {
    const answer = await rawRequest(`GET /api/v1/places HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(bodyOf(answer).error.code).toBe('BAD_REQUEST');
    expect((await call(`${s.api}/places`)).status).toBe(200);
  });
});

describe('bearer tokens', () => {
  // Every row has three cells: jest would read a shorter row's missing cell as a `done` callback.
  const guarded: [string, string, unknown][] = [
    ['GET', '/me', undefined],
    // Bodies are well-formed: the schema is checked before the token (Fastify's validation precedes preHandler).
    [
      'POST',
      '/workers',
      {
        name: '张三',
        idNumber: '11010519491231002X',
        phone: '13800138000',
        occupation: 'courier',
        consent: { privacyPolicyVersion: 'x', sensitiveInfo: true },
      },
    ],
    ['POST', '/doors/unlock', { code: 'x' }],
    ['POST', '/bookings', { slotId: 'x' }],
    ['GET', '/me/bookings', undefined],
    ['DELETE', '/sessions/current', undefined],
  ];

  it.each(guarded)('%s %s without a token answers 401 UNAUTHENTICATED', async (method, p, body) => {
    const r = await call(`${s.api}${p}`, { method, body });
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ error: { code: 'UNAUTHENTICATED', message: '登录已过期，请退出小程序后重新进入。' } });
  });

  it.each([
    ['a garbage token', { authorization: 'Bearer not-a-real-token' }],
    ['another scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
    ['an empty bearer', { authorization: 'Bearer ' }],
  ])('answers 401 UNAUTHENTICATED for %s', async (_label, headers) => {
    const r = await call(`${s.api}/me`, { headers });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('accepts a token until it expires, then answers 401', async () => {
    s.clock.nowMs = T0;
    const token = await newSession(s.api);
    s.clock.nowMs = T0 + TTL_S * 1000 - 1;
    // Still valid: the account is just not registered yet.
    expect((await call(`${s.api}/me`, { token })).body.error.code).toBe('NOT_REGISTERED');
    s.clock.nowMs = T0 + TTL_S * 1000;
    const r = await call(`${s.api}/me`, { token });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a token after logout', async () => {
    const token = await newSession(s.api);
    expect((await call(`${s.api}/sessions/current`, { method: 'DELETE', token })).status).toBe(204);
    expect((await call(`${s.api}/me`, { token })).status).toBe(401);
  });
});
