/**
 * PostgreSQL only: a station closed through server A shows as 暂停开放 in server B's nearby list with no relay
 * between them (two hosts): the station-change channel (LISTEN/NOTIFY, yizhan_station_changes) makes B reload it.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { engineFor } from '../../support/database';
import { startServer, call, type TestServer } from '../../support/server';
import { sh } from '../../support/booking';
import { staffMember } from '../../support/staff';
import { stationChangesOf } from '../../../mock/src/features/stations';

const T0 = sh(2026, 12, 1, 10, 0);
const AT_TY0195 = 'lat=37.862593&lng=112.575992&coord=gcj02';
const label = async (server: TestServer) =>
  (await call(`${server.api}/stations/nearby?${AT_TY0195}`)).body.stations.find((x: { id: string }) => x.id === 'ty0195').openLabel;

let engine: Awaited<ReturnType<typeof engineFor>>;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-closure-notify-'));
let a: TestServer;
let b: TestServer;
beforeAll(async () => {
  engine = await engineFor();
  const env = { DATA_DIR: dataDir, RATE_LIMIT: 'off', SCHEDULER_INTERVAL_S: '0', DATABASE_URL: engine.env.DATABASE_URL };
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

it("a closure through A reaches B's nearby cache within a second, and so does the reopening", async () => {
  expect(await label(b)).toBe('24小时');
  const keeper = await staffMember(a, 'keeper', { stationId: 'ty0195' });
  const until = async (want: string): Promise<number> => {
    const sent = Date.now();
    // Waits for B to hear the notification (bounded: 1,000 turns of 1 ms), then for its reload to finish.
    for (let i = 0; i < 1000 && (await label(b)) !== want; i++) {
      await stationChangesOf(b.ctx)!.settled();
      await new Promise((r) => setTimeout(r, 1));
    }
    return Date.now() - sent;
  };
  const r = await call(`${a.api}/staff/stations/ty0195/closures`, {
    method: 'POST',
    token: keeper.token,
    body: { reason: '暖气检修', until: '2026-12-01T15:00:00+08:00' },
  });
  expect(r.status).toBe(201);
  expect(await until('暂停开放')).toBeLessThan(1000);
  expect(await label(b)).toBe('暂停开放');
  await call(`${a.api}/staff/stations/ty0195/closures/${r.body.closure.id}`, { method: 'DELETE', token: keeper.token });
  expect(await until('24小时')).toBeLessThan(1000);
  expect(await label(b)).toBe('24小时');
});
