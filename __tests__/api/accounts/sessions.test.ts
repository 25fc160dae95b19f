/**
 * Sessions: token strength, hashed storage, expiry on the settable clock, logout, and the WeChat path through a
 * test double (code2Session behind the WeChatAuth interface).
 */
import crypto from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { startServer, call, newSession, type TestServer } from '../../support/server';
import { register, registrationBody, VALID_IDS } from '../../support/registration';
import { loadConfig } from '../../../mock/src/core/config';
import { buildServer } from '../../../mock/src/app';
import { engineFor } from '../../support/database';
import { weChatClient, type WeChatAuth } from '../../../mock/src/features/accounts/wechat';
import { ERRORS } from '@/rules/errors';

const T0 = Date.parse('2026-11-30T09:00:00+08:00');
const TTL_S = 3600;

let s: TestServer;
beforeAll(async () => {
  s = await startServer({ SESSION_TTL_S: String(TTL_S) });
});
afterAll(async () => s.close());
beforeEach(() => {
  s.clock.nowMs = T0;
});

describe('session tokens', () => {
  it('carry at least 128 random bits and are stored only as their SHA-256', async () => {
    const tokens = await Promise.all([1, 2, 3].map(() => newSession(s.api)));
    for (const token of tokens) {
      expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
      const hash = crypto.createHash('sha256').update(token).digest('hex');
      const rows = await s.query('SELECT token_hash FROM sessions WHERE token_hash = ?', hash);
      expect(rows).toHaveLength(1);
    }
    expect(new Set(tokens).size).toBe(3);
    const all = JSON.stringify(await s.query('SELECT * FROM sessions'));
    for (const token of tokens) expect(all).not.toContain(token);
  });

  it('expire after SESSION_TTL_S: valid one millisecond before, 401 at the instant', async () => {
    const r = await call(`${s.api}/sessions`, { method: 'POST', body: { deviceId: 'dev-expiry-0001'.padEnd(32, '0') } });
    // 09:00 + 3600 s, in Shanghai time.
    expect(r.body.expiresAt).toBe('2026-11-30T10:00:00+08:00');
    const token = r.body.token as string;
    s.clock.nowMs = T0 + TTL_S * 1000 - 1;
    expect((await call(`${s.api}/me`, { token })).body.error.code).toBe('NOT_REGISTERED');
    s.clock.nowMs = T0 + TTL_S * 1000;
    const expired = await call(`${s.api}/me`, { token });
    expect(expired.status).toBe(401);
    expect(expired.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('logout ends that session only; the same device can sign in again and keeps its worker', async () => {
    const deviceId = 'dev-logout-0001'.padEnd(32, '0');
    const a = await newSession(s.api, deviceId);
    const b = await newSession(s.api, deviceId);
    expect((await register(s.api, a, registrationBody({ idNumber: VALID_IDS.fifth }))).status).toBe(201);
    expect((await call(`${s.api}/sessions/current`, { method: 'DELETE', token: a })).status).toBe(204);
    expect((await call(`${s.api}/me`, { token: a })).status).toBe(401);
    expect((await call(`${s.api}/sessions/current`, { method: 'DELETE', token: a })).status).toBe(401);
    expect((await call(`${s.api}/me`, { token: b })).status).toBe(200);
    const again = await call(`${s.api}/sessions`, { method: 'POST', body: { deviceId } });
    expect(again.body.worker.idNumberMasked).toBe('140***********0048');
  });

  it('a session needs a device id or a WeChat code: 400 VALIDATION_FAILED otherwise', async () => {
    for (const body of [
      {},
      { deviceId: 'short' },
      { deviceId: 'aaaaaaaa' },
      { deviceId: 'a'.repeat(31) },
      { deviceId: 'has spaces in it' },
      { token: 'x' },
    ]) {
      const r = await call(`${s.api}/sessions`, { method: 'POST', body });
      expect([r.status, r.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
  });
});

describe('WeChat login through the WeChatAuth interface', () => {
  const codes: string[] = [];
  // The double maps two codes to one openid (the same person logging in twice) and refuses 'refused'.
  const double: WeChatAuth = {
    async code2Session(code) {
      codes.push(code);
      if (code === 'refused') throw new Error('errcode 40029');
      return { openid: code.startsWith('alice') ? 'openid-alice' : `openid-${code}` };
    },
  };
  let app: Awaited<ReturnType<typeof buildServer>>['app'];
  let dataDir: string;
  let api: string;
  let engine: Awaited<ReturnType<typeof engineFor>>;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-wx-'));
    engine = await engineFor();
    ({ app } = await buildServer(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...engine.env }), { wechat: double }));
    api = `${await app.listen({ port: 0, host: '127.0.0.1' })}/api/v1`;
  });
  afterAll(async () => {
    await app.close();
    await engine.cleanup();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const post = (url: string, body: unknown, token?: string) => call(`${api}${url}`, { method: 'POST', body, token });

  it('exchanges the code, and the same openid finds the same account and worker', async () => {
    const first = await post('/sessions', { wxCode: 'alice-1' });
    expect(first.status).toBe(201);
    expect(first.body.worker).toBeNull();
    expect((await post('/workers', registrationBody(), first.body.token)).status).toBe(201);
    const second = await post('/sessions', { wxCode: 'alice-2' });
    expect(second.body.worker).toMatchObject({ name: '张伟', idNumberMasked: '140***********1234' });
    expect(codes).toEqual(['alice-1', 'alice-2']);
    expect(JSON.stringify(second.body)).not.toMatch(/openid|session_key/);
  });

  it('a code WeChat refuses answers WECHAT_LOGIN_FAILED with its catalogue status', async () => {
    const r = await post('/sessions', { wxCode: 'refused' });
    expect(r.status).toBe(ERRORS.WECHAT_LOGIN_FAILED.status);
    expect(r.body.error.code).toBe('WECHAT_LOGIN_FAILED');
  });
});

describe('weChatClient (the real code2Session client) against a stubbed fetch', () => {
  const realFetch = global.fetch;
  afterEach(() => {
    global.fetch = realFetch;
  });
  const stub = (body: unknown) => {
    const f = jest.fn(async (_url: URL | string) => new Response(JSON.stringify(body), { status: 200 }));
    global.fetch = f as unknown as typeof fetch;
    return f;
  };

  it('sends appid, secret, js_code and grant_type, and keeps session_key to itself', async () => {
    const f = stub({ openid: 'o-123', session_key: 'SECRET-SESSION-KEY' });
    const result = await weChatClient('wx-app', 'wx-secret').code2Session('the-code');
    expect(result).toEqual({ openid: 'o-123' });
    const url = new URL(String(f.mock.calls[0][0]));
    expect(url.origin + url.pathname).toBe('https://api.weixin.qq.com/sns/jscode2session');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      appid: 'wx-app',
      secret: 'wx-secret',
      js_code: 'the-code',
      grant_type: 'authorization_code',
    });
  });

  it('throws on a WeChat error code', async () => {
    stub({ errcode: 40163, errmsg: 'code been used' });
    await expect(weChatClient('a', 'b').code2Session('c')).rejects.toThrow('40163');
  });
});
