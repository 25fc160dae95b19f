/**
 * PostgreSQL only (two servers on one database, as two hosts run them, no relay between them): an hours edit made
 * through server A shows on B's nearby list at once, carried by LISTEN/NOTIFY on the station change channel
 * (features/stations/changes.ts). ty0205 (迎泽区) is a 24-hour station.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { engineFor } from '../../support/database';
import { startServer, call, type TestServer } from '../../support/server';
import { sh } from '../../support/booking';
import { staffMember } from '../../support/staff';
import { stationChangesOf } from '../../../mock/src/features/stations';

const TY0205 = { lat: 37.861318, lng: 112.580388 };
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-registry2-'));
let engine: Awaited<ReturnType<typeof engineFor>>;
let a: TestServer;
let b: TestServer;
beforeAll(async () => {
  engine = await engineFor();
  const env = { DATA_DIR: dataDir, RATE_LIMIT: 'off', SCHEDULER_INTERVAL_S: '0', DATABASE_URL: engine.env.DATABASE_URL };
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

const labelOn = async (s: TestServer): Promise<string> => {
  const r = await call(`${s.api}/stations/nearby?lat=${TY0205.lat}&lng=${TY0205.lng}&radiusM=30`);
  return r.body.stations.find((x: { id: string }) => x.id === 'ty0205').openLabel;
};

it('an hours edit through A reaches B’s nearby list within a second', async () => {
  const district = await staffMember(a, 'district', { districtCode: '140106' });
  expect([await labelOn(a), await labelOn(b)]).toEqual(['24小时', '24小时']);
  const closed = Array.from({ length: 7 }, () => []);
  const r = await call(`${a.api}/staff/stations/ty0205`, { method: 'PATCH', token: district.token, body: { hours: { weekly: closed } } });
  expect(r.status).toBe(200);
  expect(await labelOn(a)).toBe('已打烊');
  const sentMs = Date.now();
  // B reloads the station when the notification arrives: wait for it (no sleep: each look is one request).
  let label = await labelOn(b);
  while (label !== '已打烊' && Date.now() - sentMs < 2000) {
    await stationChangesOf(b.ctx)?.settled();
    label = await labelOn(b);
  }
  expect(label).toBe('已打烊');
  expect(Date.now() - sentMs).toBeLessThan(1000);
});
