/**
 * Sessions are bounded (issue 11 §3: 2,000 live sessions from one device id, none ever deleted): an account holds
 * at most SESSIONS_PER_ACCOUNT_MAX live sessions (a new one ends the oldest), and expired ones are deleted, at the
 * account's next sign-in and by the scheduler's sweep. All on the fake clock.
 */
import crypto from 'crypto';
import { startServer, call, type TestServer } from '../../support/server';
import { runScheduler } from '../../../mock/src/features/booking/scheduler';
import type { Notifier } from '../../../mock/src/core/notifier';

const T0 = Date.parse('2026-11-30T09:00:00+08:00');
const TTL_S = 3600;
const MAX = 10;
const silent: Notifier = { name: 'silent', send: async () => undefined };

let s: TestServer;
beforeAll(async () => {
  s = await startServer({ SESSION_TTL_S: String(TTL_S), RATE_LIMIT: 'off', SCHEDULER_INTERVAL_S: '0' });
});
afterAll(async () => s.close());

const sha256 = (token: string): string => crypto.createHash('sha256').update(token).digest('hex');
const stored = async (token: string): Promise<boolean> =>
  (await s.one('SELECT 1 AS one FROM sessions WHERE token_hash = ?', sha256(token))) !== undefined;
const accountOf = async (token: string): Promise<string> =>
  (await s.one<{ account_id: string }>('SELECT account_id FROM sessions WHERE token_hash = ?', sha256(token)))!.account_id;
const sessionCount = async (accountId: string): Promise<number> =>
  (await s.one<{ n: number }>('SELECT COUNT(*) AS n FROM sessions WHERE account_id = ?', accountId))!.n;

async function signIn(deviceId: string, atMs: number): Promise<string> {
  s.clock.nowMs = atMs;
  const r = await call(`${s.api}/sessions`, { method: 'POST', body: { deviceId } });
  expect(r.status).toBe(201);
  return r.body.token as string;
}

describe('live sessions per account', () => {
  it(`holds at most ${MAX}: the ${MAX + 2}th sign-in of one device has ended the 2 oldest`, async () => {
    const deviceId = crypto.randomBytes(16).toString('hex');
    const tokens: string[] = [];
    for (let i = 0; i < MAX + 2; i++) tokens.push(await signIn(deviceId, T0 + i * 1000));
    expect(await sessionCount(await accountOf(tokens[MAX + 1]))).toBe(MAX);
    const statuses = [];
    for (const token of tokens) statuses.push((await call(`${s.api}/me`, { token })).status);
    // 404 NOT_REGISTERED: signed in, no worker yet.
    expect(statuses).toEqual([401, 401, ...Array<number>(MAX).fill(404)]);
  });

  it('counts each account on its own: another device keeps its sessions', async () => {
    const mine = await signIn(crypto.randomBytes(16).toString('hex'), T0);
    const other = crypto.randomBytes(16).toString('hex');
    for (let i = 0; i < MAX + 5; i++) await signIn(other, T0 + i);
    expect(await stored(mine)).toBe(true);
  });
});

describe('expired sessions', () => {
  it("are deleted at the account's next sign-in", async () => {
    const deviceId = crypto.randomBytes(16).toString('hex');
    const old = await signIn(deviceId, T0);
    const live = await signIn(deviceId, T0 + 1000);
    // `old` expires at T0 + TTL, `live` one second later.
    await signIn(deviceId, T0 + TTL_S * 1000);
    expect([await stored(old), await stored(live)]).toEqual([false, true]);
  });

  it('are deleted by the scheduler, whoever they belong to; live ones stay', async () => {
    const a = await signIn(crypto.randomBytes(16).toString('hex'), T0);
    const b = await signIn(crypto.randomBytes(16).toString('hex'), T0 + 1);
    const c = await signIn(crypto.randomBytes(16).toString('hex'), T0 + 2);
    await runScheduler(s.ctx, T0 + TTL_S * 1000 + 1, silent);
    expect([await stored(a), await stored(b), await stored(c)]).toEqual([false, false, true]);
    expect(await s.one('SELECT COUNT(*) AS n FROM sessions WHERE expires_at <= ?', T0 + TTL_S * 1000 + 1)).toEqual({ n: 0 });
  });
});
