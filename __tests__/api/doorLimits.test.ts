/**
 * Rate limits of the door endpoints (per worker, per door, per address): 429 RATE_LIMITED with Retry-After and
 * a Chinese message, limits from the environment, and RATE_LIMIT=off switching every one of them off.
 */
import { startServer, call, type TestServer } from '../support/server';
import { registeredWorker } from '../support/booking';
import { printedDoorCode } from '../../mock/src/services/doorCodes';

const code = (s: TestServer, doorId: string) => printedDoorCode(s.ctx.keys, s.ctx.config.doorHost, doorId);
const unlock = (s: TestServer, token: string, doorId: string) =>
  call(`${s.api}/doors/unlock`, { method: 'POST', token, body: { code: code(s, doorId) } });

describe('with small limits from the environment', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ RATE_UNLOCK_WORKER_MAX: '3', RATE_UNLOCK_DOOR_MAX: '5', RATE_UNLOCK_ADDRESS_MAX: '12', RATE_WINDOW_S: '60' });
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
    expect(r.body.error).toMatchObject({ code: 'RATE_LIMITED', message: `操作太频繁了，请${retryAfter}秒后再试。`, details: { retryAfterS: retryAfter, scope: 'worker' } });
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
