/**
 * PostgreSQL only (two servers on one database, as two hosts run them; SQLite has one host, whose cluster is
 * tested in core/cluster.test.ts): 200 workers book a slot of 5 places at the same moment, their requests split
 * across both servers, each with its own connection pool. Exactly 5 are booked, the others answer 409 SLOT_FULL,
 * nothing answers 5xx, and the slot's count matches its bookings.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { engineFor } from '../../support/database';
import { startServer, type TestServer } from '../../support/server';
import { MANY_WORKERS_ENV, activeBookings, addSession, book, bookedCount, registeredWorker, sh } from '../../support/booking';

jest.setTimeout(120_000);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-rush2-'));
let engine: Awaited<ReturnType<typeof engineFor>>;
let a: TestServer;
let b: TestServer;
beforeAll(async () => {
  engine = await engineFor();
  const env = { ...MANY_WORKERS_ENV, DATA_DIR: dataDir, SCHEDULER_INTERVAL_S: '0', DATABASE_URL: engine.env.DATABASE_URL };
  a = await startServer(env);
  b = await startServer(env);
  a.clock.nowMs = b.clock.nowMs = sh(2026, 12, 1, 10, 0);
});
afterAll(async () => {
  await a.close();
  await b.close();
  await engine.cleanup();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('200 concurrent requests through two servers for a slot of 5 places make exactly 5 bookings', async () => {
  const f = await addSession(a, 'cs_rush2', '2026-12-03', sh(2026, 12, 3, 9), [5]);
  const servers = [a, b];
  const tokens: string[] = [];
  // Registered in groups of 50, half through each server.
  for (let g = 0; g < 4; g++) {
    tokens.push(...(await Promise.all(Array.from({ length: 50 }, (_, i) => registeredWorker(servers[i % 2].api, 800 + g * 50 + i)))));
  }
  const answers = await Promise.all(tokens.map((t, i) => book(servers[i % 2], t, f.slotIds[0])));
  expect(answers.filter((r) => r.status >= 500)).toEqual([]);
  expect(answers.filter((r) => r.status === 201)).toHaveLength(5);
  const refused = answers.filter((r) => r.status !== 201);
  expect(refused).toHaveLength(195);
  expect(refused.every((r) => r.status === 409 && r.body.error.code === 'SLOT_FULL')).toBe(true);
  expect([await bookedCount(a, f.slotIds[0]), await activeBookings(b, f.slotIds[0])]).toEqual([5, 5]);
});
