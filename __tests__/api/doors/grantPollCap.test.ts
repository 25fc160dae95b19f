/**
 * A door's device key may park at most MAX_PARKED_POLLS (4) long polls at once (in one server process): more would
 * mean a misconfigured or hostile device holding connections open. The one over the cap is refused at once with
 * a code an installer can act on; the parked ones keep waiting and still get the grant.
 */
import { startServer, type TestServer } from '../../support/server';
import { deviceKeys } from '../../../mock/src/features/doors/deviceKeys';
import { grantHubOf } from '../../../mock/src/features/doors/grantHub';
import { loadMasterKey } from '../../../mock/src/core/keys';

let s: TestServer;
let key: (doorId: string) => string;
beforeAll(async () => {
  s = await startServer();
  const keys = deviceKeys(loadMasterKey(s.ctx.config.dataDir, s.ctx.config.masterKey));
  key = (doorId) => keys.keyOf(doorId);
});
afterAll(async () => s.close());

const poll = (doorId: string, waitS: number) =>
  fetch(`${s.api}/doors/${doorId}/grants?waitS=${waitS}`, { headers: { 'x-device-key': key(doorId) } });

/** Resolves once `n` polls are parked in the hub (checked on each turn of the event loop, not after a sleep). */
async function parked(n: number): Promise<void> {
  const hub = grantHubOf(s.ctx);
  while (hub.waiting < n) await new Promise((r) => setImmediate(r));
}

it('refuses a fifth parked poll of one door with 429 GRANT_POLLS_LIMIT, and answers the four parked ones', async () => {
  const first = [poll('d0039', 25), poll('d0039', 25), poll('d0039', 25), poll('d0039', 25)];
  await parked(4);
  const fifth = await poll('d0039', 25);
  expect(fifth.status).toBe(429);
  expect(fifth.headers.get('retry-after')).toBe('25');
  expect(await fifth.json()).toEqual({
    error: {
      code: 'GRANT_POLLS_LIMIT',
      message: '这扇门等待开门指令的连接太多了，请检查是否有多台控制器用了同一个设备密钥，稍后再试。',
      details: { maxParked: 4 },
    },
  });
  // A poll that would not park (waitS=0) is still answered, and another door is not affected.
  expect((await poll('d0039', 0)).status).toBe(200);
  const other = poll('d0040', 25);
  await parked(5);
  grantHubOf(s.ctx).wake('d0039');
  grantHubOf(s.ctx).wake('d0040');
  expect((await Promise.all([...first, other])).map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
});

it('counts only polls still parked: once they are answered, four may park again', async () => {
  const park4 = () => [0, 1, 2, 3].map(() => poll('d0039', 25));
  const a = park4();
  await parked(4);
  grantHubOf(s.ctx).wake('d0039');
  expect((await Promise.all(a)).map((r) => r.status)).toEqual([200, 200, 200, 200]);
  const b = park4();
  await parked(4);
  grantHubOf(s.ctx).wake('d0039');
  expect((await Promise.all(b)).map((r) => r.status)).toEqual([200, 200, 200, 200]);
});
