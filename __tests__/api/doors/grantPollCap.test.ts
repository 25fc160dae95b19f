/**
 * A door's device key may park at most MAX_PARKED_POLLS long polls at once (in one server process): more would
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

const poll = (doorId: string, waitS: number) => fetch(`${s.api}/doors/${doorId}/grants?waitS=${waitS}`, { headers: { 'x-device-key': key(doorId) } });

/** Resolves once `n` polls are parked in the hub (checked on each turn of the event loop, not after a sleep). */
async function parked(n: number): Promise<void> {
  const hub = grantHubOf(s.ctx);
  while (hub.waiting < n) await new Promise((r) => setImmediate(r));
}

it('refuses a third parked poll of one door with 429 GRANT_POLLS_LIMIT, and answers the two parked ones', async () => {
  const first = poll('d0039', 25);
  const second = poll('d0039', 25);
  await parked(2);
  const third = await poll('d0039', 25);
  expect(third.status).toBe(429);
  expect(third.headers.get('retry-after')).toBe('25');
  expect(await third.json()).toEqual({
    error: {
      code: 'GRANT_POLLS_LIMIT',
      message: '这扇门已有2个设备在等待开门指令，请检查是否有多台控制器用了同一个设备密钥，稍后再试。',
      details: { maxParked: 2 },
    },
  });
  // A poll that would not park (waitS=0) is still answered, and another door is not affected.
  expect((await poll('d0039', 0)).status).toBe(200);
  const other = poll('d0040', 25);
  await parked(3);
  grantHubOf(s.ctx).wake('d0039');
  grantHubOf(s.ctx).wake('d0040');
  expect((await Promise.all([first, second, other])).map((r) => r.status)).toEqual([200, 200, 200]);
});

it('counts only polls still parked: once they are answered, two may park again', async () => {
  const a = poll('d0039', 25);
  const b = poll('d0039', 25);
  await parked(2);
  grantHubOf(s.ctx).wake('d0039');
  expect((await Promise.all([a, b])).map((r) => r.status)).toEqual([200, 200]);
  const c = poll('d0039', 25);
  const d = poll('d0039', 25);
  await parked(2);
  grantHubOf(s.ctx).wake('d0039');
  expect((await Promise.all([c, d])).map((r) => r.status)).toEqual([200, 200]);
});
