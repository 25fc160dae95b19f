/**
 * Door grants across the processes of a cluster: a controller's long poll parked in one process wakes when the
 * unlock lands in another. Two servers on one data folder stand in for two worker processes; an in-memory bus
 * stands in for the primary's IPC relay (mock/src/cluster.ts, tested for real in cluster.test.ts).
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { engineFor } from '../../support/database';
import { startServer, call, type TestServer } from '../../support/server';
import { registeredWorker } from '../../support/booking';
import { fixAtDoor, withLocationConsent } from '../../support/door';
import { printedDoorCode } from '../../../mock/src/features/doors/doorCodes';
import { deviceKeys } from '../../../mock/src/features/doors/deviceKeys';
import { loadMasterKey } from '../../../mock/src/core/keys';
import { grantHubOf, type GrantRelay } from '../../../mock/src/features/doors/grantHub';

/** Relays that deliver each publish to every other relay of the same bus, as the primary does. */
function bus(): () => GrantRelay {
  const wakers = new Set<(doorId: string) => void>();
  return () => {
    let own: ((doorId: string) => void) | null = null;
    return {
      publish: (doorId) => wakers.forEach((wake) => wake !== own && wake(doorId)),
      subscribe: (wake) => {
        own = wake;
        wakers.add(wake);
        return () => wakers.delete(wake);
      },
    };
  };
}

describe('a grant created in one process wakes a controller polling another', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-relay-'));
  let a: TestServer;
  let b: TestServer;
  let engine: Awaited<ReturnType<typeof engineFor>>;
  beforeAll(async () => {
    // One database for both servers (on PostgreSQL made here, not by startServer).
    engine = await engineFor();
    const env = { DATA_DIR: dataDir, RATE_LIMIT: 'off', ...engine.env };
    const relay = bus();
    a = await startServer(env, {}, { grantRelay: relay() });
    b = await startServer(env, {}, { grantRelay: relay() });
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await engine.cleanup();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers the poll on B with the grant of the unlock on A, long before its 25 s wait', async () => {
    const key = deviceKeys(loadMasterKey(dataDir, null)).keyOf;
    const token = await withLocationConsent(a.api, await registeredWorker(a.api, 402));
    const poll = call(`${b.api}/doors/d0039/grants?waitS=25`, { headers: { 'x-device-key': key('d0039') } });
    for (let i = 0; i < 1000 && grantHubOf(b.ctx).waiting === 0; i++) await new Promise((r) => setTimeout(r, 1));
    expect(grantHubOf(b.ctx).waiting).toBe(1);
    const code = printedDoorCode(a.ctx.keys, a.ctx.config.doorHost, 'd0039');
    const u = await call(`${a.api}/doors/unlock`, { method: 'POST', token, body: { code, location: fixAtDoor('d0039') } });
    expect(u.status).toBe(201);
    // Without the relay the poll would sleep its 25 s and fail this test's 5 s timeout.
    const r = await poll;
    expect(r.body.grants.map((g: { id: string }) => g.id)).toEqual([u.body.grant.id]);
    expect(grantHubOf(b.ctx).waiting).toBe(0);
  });

  it('a closed hub stops listening to the relay', async () => {
    const relay = bus();
    const hub = grantHubOf({ ...a.ctx }, relay());
    const other = relay();
    const wake = jest.spyOn(hub, 'wake');
    other.publish('d0039');
    expect(wake).toHaveBeenCalledWith('d0039');
    hub.close();
    other.publish('d0040');
    expect(wake).toHaveBeenCalledTimes(1);
  });
});
