import fs from 'fs';
import os from 'os';
import path from 'path';
import { startServer, call, type TestServer } from '../../support/server';
import { engineFor } from '../../support/database';
import { pruneRateCounts } from '../../../mock/src/core/db/rateCounts';

/**
 * Rate limits are counted in the database, so the processes of a cluster (here: two servers on one data folder,
 * as mock/src/cluster.ts runs them) share one window. With the counts in each process's memory, two processes let
 * twice the limit through.
 */
describe('rate limits shared by every server process on one database', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-rate-'));
  let a: TestServer;
  let b: TestServer;
  let engine: Awaited<ReturnType<typeof engineFor>>;
  const T0 = Date.parse('2026-11-30T09:00:00+08:00');
  beforeAll(async () => {
    // One database for both servers (on PostgreSQL made here, not by startServer).
    engine = await engineFor();
    const env = { DATA_DIR: dataDir, RATE_SESSION_ADDRESS_MAX: '3', RATE_WINDOW_S: '60', ...engine.env };
    a = await startServer(env);
    b = await startServer(env);
    a.clock.nowMs = T0;
    b.clock.nowMs = T0;
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await engine.cleanup();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const signIn = (s: TestServer, n: number) =>
    call(`${s.api}/sessions`, { method: 'POST', body: { deviceId: `ratedev${n}`.padEnd(32, 'x') } });

  it('the 4th sign-in from one address is refused whichever process answers it, and the window ends on time', async () => {
    expect((await signIn(a, 1)).status).toBe(201);
    expect((await signIn(b, 2)).status).toBe(201);
    expect((await signIn(a, 3)).status).toBe(201);
    const fourth = await signIn(b, 4);
    expect(fourth.status).toBe(429);
    // 60 s window opened at T0; 20 s later, 40 s are left.
    a.clock.nowMs = b.clock.nowMs = T0 + 20_000;
    const fifth = await signIn(a, 5);
    expect(fifth.status).toBe(429);
    expect(fifth.headers.get('retry-after')).toBe('40');
    expect(fifth.body.error.message).toBe('操作太频繁了，请40秒后再试。');
    // At T0 + 60 s the window has ended: a new one starts with this request.
    a.clock.nowMs = b.clock.nowMs = T0 + 60_000;
    expect((await signIn(b, 6)).status).toBe(201);
  });

  it('the scheduler forgets ended windows only', async () => {
    // The window of the address started at T0 + 60 s and ends at T0 + 120 s.
    expect(await pruneRateCounts(a.ctx.db, T0 + 119_999)).toBe(0);
    expect(await pruneRateCounts(a.ctx.db, T0 + 120_000)).toBe(1);
    expect(await a.one('SELECT COUNT(*) AS n FROM rate_counts')).toEqual({ n: 0 });
  });
});
