import { startServer, call, newSession, type TestServer } from '../../support/server';

/** Made-up identity numbers with valid ISO 7064 MOD 11-2 check characters (Taiyuan 140105, born 1990-03-07). */
const ids = ['140105199003071234', '140105199003071250', '140105199003071277'];

describe('sign-in and registration rate limits', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ RATE_SESSION_ADDRESS_MAX: '3', RATE_REGISTER_WORKER_MAX: '2', RATE_WINDOW_S: '60' });
  });
  afterAll(async () => s.close());

  it('answers the 4th new session from one address within the window with 429 and Retry-After', async () => {
    for (let i = 0; i < 3; i++)
      expect((await call(`${s.api}/sessions`, { method: 'POST', body: { deviceId: `limitdev${i}`.padEnd(32, 'x') } })).status).toBe(201);
    const r = await call(`${s.api}/sessions`, { method: 'POST', body: { deviceId: 'limitdev9'.padEnd(32, 'x') } });
    expect(r.status).toBe(429);
    expect(r.body.error.code).toBe('RATE_LIMITED');
    expect(r.body.error.details.scope).toBe('address');
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(r.body.error.message).toMatch(/秒后再试/);
  });
});

describe('registration attempts per account', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ RATE_REGISTER_WORKER_MAX: '2', RATE_WINDOW_S: '60' });
  });
  afterAll(async () => s.close());

  it('slows down testing identity numbers: the 3rd attempt of one account within the window is 429', async () => {
    const token = await newSession(s.api);
    const attempt = (idNumber: string) =>
      call(`${s.api}/workers`, {
        method: 'POST',
        token,
        body: {
          name: '张三',
          idNumber,
          phone: '13812345678',
          occupation: 'courier',
          consent: { privacyPolicyVersion: 'old', sensitiveInfo: true },
        },
      });
    expect((await attempt(ids[0])).status).toBe(422);
    expect((await attempt(ids[1])).status).toBe(422);
    const third = await attempt(ids[2]);
    expect(third.status).toBe(429);
    expect(third.body.error.details.scope).toBe('worker');
  });
});

describe('registration attempts per address', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ RATE_REGISTER_ADDRESS_MAX: '2', RATE_WINDOW_S: '60' });
  });
  afterAll(async () => s.close());

  it('new accounts from one address cannot go on testing identity numbers: the 3rd attempt is 429 (address)', async () => {
    const attempt = async (idNumber: string) =>
      call(`${s.api}/workers`, {
        method: 'POST',
        token: await newSession(s.api),
        body: {
          name: '张三',
          idNumber,
          phone: '13812345678',
          occupation: 'courier',
          consent: { privacyPolicyVersion: 'old', sensitiveInfo: true },
        },
      });
    expect((await attempt(ids[0])).status).toBe(422);
    expect((await attempt(ids[1])).status).toBe(422);
    const third = await attempt(ids[2]);
    expect(third.status).toBe(429);
    expect(third.body.error.details.scope).toBe('address');
  });
});

describe('RATE_LIMIT=off', () => {
  it('lets any number of sessions through', async () => {
    const s = await startServer({ RATE_LIMIT: 'off', RATE_SESSION_ADDRESS_MAX: '1' });
    try {
      for (let i = 0; i < 4; i++)
        expect((await call(`${s.api}/sessions`, { method: 'POST', body: { deviceId: `offdev${i}`.padEnd(32, 'x') } })).status).toBe(201);
    } finally {
      await s.close();
    }
  });
});
