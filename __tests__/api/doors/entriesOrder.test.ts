import { startServer, call, newSession, type TestServer } from '../../support/server';
import { register, registrationBody } from '../../support/registration';
import { printedDoorCode } from '../../../mock/src/features/doors/doorCodes';
import { fixAtDoor, withLocationConsent } from '../../support/door';

let s: TestServer;
beforeAll(async () => {
  s = await startServer({ RATE_LIMIT: 'off' });
});
afterAll(async () => s.close());

it('lists entries of the same millisecond newest first (ids are random, so order by insertion)', async () => {
  const token = await newSession(s.api);
  expect((await register(s.api, token, registrationBody())).status).toBe(201);
  await withLocationConsent(s.api, token);
  s.clock.nowMs = Date.UTC(2026, 10, 30, 2, 0, 0); // one fixed instant for every attempt
  const code = printedDoorCode(s.ctx.keys, s.ctx.config.doorHost, 'd0039');
  const made: string[] = [];
  for (let i = 0; i < 6; i++) {
    const r = await call(`${s.api}/doors/unlock`, { method: 'POST', token, body: { code, location: fixAtDoor('d0039') } });
    expect(r.status).toBe(201);
    made.push(r.body.entry.id);
  }
  const listed = await call(`${s.api}/me/entries?limit=10`, { token });
  expect(listed.body.entries.map((e: { id: string }) => e.id)).toEqual([...made].reverse());
});
