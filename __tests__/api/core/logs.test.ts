import { startServer, type TestServer } from '../../support/server';
import { printedDoorCode } from '../../../mock/src/features/doors/doorCodes';

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(async () => s.close());

it('keeps door codes and query strings (locations) out of the access log', async () => {
  const code = printedDoorCode(s.ctx.keys, s.ctx.config.doorHost, 'd0039');
  const mac = code.split('.').pop() as string;
  const opened = await fetch(`${s.baseUrl}${new URL(code).pathname}`, { redirect: 'manual' });
  expect(opened.status).toBe(302);
  await fetch(`${s.api}/stations/nearby?lat=37.861604&lng=112.57417`);
  const logs = s.logs();
  expect(logs).toContain('"path":"/d/[code]"');
  expect(logs).toContain('"path":"/api/v1/stations/nearby"');
  expect(logs).not.toContain(mac);
  expect(logs).not.toContain('37.861604');
});
