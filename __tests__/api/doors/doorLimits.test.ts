/**
 * Rate limits of the door endpoints (per worker, per door, per address): 429 RATE_LIMITED with Retry-After and
 * a Chinese message, limits from the environment, and RATE_LIMIT=off switching every one of them off.
 */
import { startServer, call, newSession, type TestServer } from '../../support/server';
import { registeredWorker, sh } from '../../support/booking';
import { printedDoorCode } from '../../../mock/src/features/doors/doorCodes';

const code = (s: TestServer, doorId: string) => printedDoorCode(s.ctx.keys, s.ctx.config.doorHost, doorId);
const unlock = (s: TestServer, token: string, doorId: string) =>
  call(`${s.api}/doors/unlock`, { method: 'POST', token, body: { code: code(s, doorId) } });

describe('with small limits from the environment', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ RATE_UNLOCK_WORKER_MAX: '3', RATE_UNLOCK_DOOR_MAX: '5', RATE_UNLOCK_ADDRESS_MAX: '12', RATE_WINDOW_S: '60' });
    // Before the seed's closure of ty0202 (d0040, 供暖管道改造 from 2026-12-01), where an unlock is refused.
    s.clock.nowMs = sh(2026, 11, 20, 10, 0);
  });
  afterAll(async () => s.close());

  it('lets a worker try 3 times a minute, then answers 429 with Retry-After and how long to wait', async () => {
    const a = await registeredWorker(s.api, 601);
    for (let i = 0; i < 3; i++) expect((await unlock(s, a, 'd0039')).status).toBe(201);
    const r = await unlock(s, a, 'd0039');
    expect(r.status).toBe(429);
    const retryAfter = Number(r.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(59);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(r.body.error).toMatchObject({
      code: 'RATE_LIMITED',
      message: `操作太频繁了，请${retryAfter}秒后再试。`,
      details: { retryAfterS: retryAfter, scope: 'worker' },
    });
  });

  it('limits one door across workers (5 a minute), while other doors still open', async () => {
    const b = await registeredWorker(s.api, 602);
    const c = await registeredWorker(s.api, 603);
    for (const t of [b, b, b, c, c]) expect((await unlock(s, t, 'd0040')).status).toBe(201);
    const sixth = await unlock(s, c, 'd0040');
    expect({ status: sixth.status, scope: sixth.body.error.details.scope }).toEqual({ status: 429, scope: 'door' });
    const d = await registeredWorker(s.api, 604);
    expect((await unlock(s, d, 'd0041')).status).toBe(201);
  });

  it('limits one address across workers and doors (12 a minute)', async () => {
    // The address has made 4 + 7 = 11 unlock requests above: the 12th passes, the 13th does not.
    const e = await registeredWorker(s.api, 605);
    expect((await unlock(s, e, 'd0042')).status).toBe(201);
    const r = await unlock(s, e, 'd0042');
    expect({ status: r.status, scope: r.body.error.details.scope }).toEqual({ status: 429, scope: 'address' });
    expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('the door bucket counts only genuine codes of registered workers', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ RATE_UNLOCK_WORKER_MAX: '4', RATE_UNLOCK_DOOR_MAX: '3', RATE_UNLOCK_ADDRESS_MAX: '1000', RATE_WINDOW_S: '60' });
  });
  afterAll(async () => s.close());
  const post = (token: string, code: string) => call(`${s.api}/doors/unlock`, { method: 'POST', token, body: { code } });

  it('cannot be used to shut a door: forged and anonymous attempts leave it open for workers', async () => {
    const forged = code(s, 'd0039').replace(/.{16}$/, 'AAAAAAAAAAAAAAAA');
    // Five anonymous sessions each post 2 forged codes and 2 genuine ones (403 NOT_REGISTERED), within their
    // account's 4: 20 attempts at a door that takes 3.
    for (let i = 0; i < 5; i++) {
      const anon = await newSession(s.api);
      for (let k = 0; k < 2; k++) expect((await post(anon, forged)).status).toBe(422);
      for (let k = 0; k < 2; k++) expect((await post(anon, code(s, 'd0039'))).status).toBe(403);
    }
    // A registered worker's forged codes count against that worker, not the door.
    const mallory = await registeredWorker(s.api, 621);
    for (let k = 0; k < 4; k++) expect((await post(mallory, forged)).status).toBe(422);
    expect((await post(mallory, code(s, 'd0039'))).body.error.details.scope).toBe('worker');
    // The door still takes its 3 genuine unlocks a minute, and the 4th is the door's limit.
    const a = await registeredWorker(s.api, 622);
    for (let k = 0; k < 3; k++) expect((await post(a, code(s, 'd0039'))).status).toBe(201);
    const b = await registeredWorker(s.api, 623);
    const fourth = await post(b, code(s, 'd0039'));
    expect({ status: fourth.status, scope: fourth.body.error.details.scope }).toEqual({ status: 429, scope: 'door' });
  });
});

describe('with RATE_LIMIT=off', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ RATE_LIMIT: 'off', RATE_UNLOCK_WORKER_MAX: '1', RATE_UNLOCK_DOOR_MAX: '1', RATE_UNLOCK_ADDRESS_MAX: '1' });
  });
  afterAll(async () => s.close());

  it('never answers 429, whatever the configured maximum', async () => {
    const a = await registeredWorker(s.api, 611);
    for (let i = 0; i < 15; i++) expect((await unlock(s, a, 'd0039')).status).toBe(201);
  });
});
