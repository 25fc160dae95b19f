/**
 * TRUST_PROXY: behind a TLS proxy every request comes from the proxy's address, so per-address limits would count
 * the whole city as one client. The X-Forwarded-For of a listed proxy is believed; anyone else's is ignored.
 */
import { startServer, call, type TestServer } from '../../support/server';
import { registeredWorker } from '../../support/booking';
import { fixAtDoor, withLocationConsent } from '../../support/door';
import { loadConfig } from '../../../mock/src/core/config';
import { printedDoorCode } from '../../../mock/src/features/doors/doorCodes';

/** A made-up public client address per n (TEST-NET-3, RFC 5737, then 198.18/15 for more). */
const client = (n: number): string => (n < 250 ? `203.0.113.${n + 1}` : `198.18.${Math.floor(n / 250)}.${(n % 250) + 1}`);
const signIn = (s: TestServer, n: number, forwardedFor: string) =>
  call(`${s.api}/sessions`, {
    method: 'POST',
    headers: { 'x-forwarded-for': forwardedFor },
    body: { deviceId: `proxy-client-${String(n).padStart(4, '0')}`.padEnd(32, '0') },
  });

describe('through a trusted proxy (TRUST_PROXY=127.0.0.1)', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startServer({ TRUST_PROXY: '127.0.0.1', RATE_UNLOCK_ADDRESS_MAX: '3', RATE_WINDOW_S: '60' });
  });
  afterAll(async () => s.close());

  it('lets 61 different clients sign in within a minute (the per-address limit is 60)', async () => {
    const statuses: number[] = [];
    for (let n = 0; n < 61; n++) statuses.push((await signIn(s, n, client(n))).status);
    expect(statuses).toEqual(Array(61).fill(201));
  });

  it('still limits one real client: its 61st sign-in in the minute answers 429', async () => {
    const one = '203.0.113.200';
    for (let n = 100; n < 160; n++) expect((await signIn(s, n, one)).status).toBe(201);
    const r = await signIn(s, 160, one);
    expect(r.status).toBe(429);
    expect(r.body.error.details.scope).toBe('address');
  });

  it("keys the unlock address limit on each worker's own address: 4 workers all open with a limit of 3", async () => {
    const code = printedDoorCode(s.ctx.keys, s.ctx.config.doorHost, 'd0039');
    const statuses: number[] = [];
    for (let n = 0; n < 4; n++) {
      const token = await withLocationConsent(s.api, await registeredWorker(s.api, 700 + n));
      const r = await call(`${s.api}/doors/unlock`, {
        method: 'POST',
        token,
        headers: { 'x-forwarded-for': `198.51.100.${n + 1}` },
        body: { code, location: fixAtDoor('d0039') },
      });
      statuses.push(r.status);
    }
    expect(statuses).toEqual([201, 201, 201, 201]);
  });
});

describe('from a peer that is not a listed proxy', () => {
  let s: TestServer;
  beforeAll(async () => {
    // The test client is 127.0.0.1; only 10.0.0.7 is trusted.
    s = await startServer({ TRUST_PROXY: '10.0.0.7' });
  });
  afterAll(async () => s.close());

  it('ignores its X-Forwarded-For: a made-up header per request does not get around the address limit', async () => {
    const statuses: number[] = [];
    for (let n = 0; n < 61; n++) statuses.push((await signIn(s, n, client(n))).status);
    expect(statuses.slice(0, 60)).toEqual(Array(60).fill(201));
    expect(statuses[60]).toBe(429);
  });
});

describe('TRUST_PROXY values', () => {
  it.each([
    ['10.0.0.7', ['10.0.0.7']],
    [' 10.0.0.7 , 10.1.0.0/16,::1 ', ['10.0.0.7', '10.1.0.0/16', '::1']],
    ['fd00::/8', ['fd00::/8']],
  ])('reads %j as a list of proxies', (value, proxies) => {
    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toEqual(proxies);
  });

  it('trusts no proxy by default', () => {
    expect(loadConfig({}).trustProxy).toEqual([]);
  });

  it.each(['1', 'true', '10.0.0.300', '10.0.0.0/33', 'proxy.example.cn', '10.0.0.7,,10.0.0.8', 'fd00::/129'])(
    'refuses %j, naming the entry and what is expected',
    (value) => {
      expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(/^TRUST_PROXY: ".*" is not an IP address or CIDR range/);
    },
  );
});
