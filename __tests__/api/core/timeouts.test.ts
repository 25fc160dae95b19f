/**
 * Slow clients are cut: a body trickled a byte at a time (slowloris) answers 408 in the envelope once
 * REQUEST_TIMEOUT_S has passed, instead of holding a connection for minutes. The door controllers' long poll,
 * whose request is complete at once, is not cut by it. The test uses a 1-second timeout and waits on the
 * socket's own events, never on a fixed sleep.
 */
import net from 'net';
import { startServer, type TestServer } from '../../support/server';
import { loadConfig } from '../../../mock/src/core/config';
import { deviceKeys } from '../../../mock/src/features/doors/deviceKeys';
import { loadMasterKey } from '../../../mock/src/core/keys';

let s: TestServer;
beforeAll(async () => {
  s = await startServer({ REQUEST_TIMEOUT_S: '1', HEADERS_TIMEOUT_S: '1' });
});
afterAll(async () => s.close());

/**
 * Opens a connection, sends `head`, then one byte of the body every `everyMs` until the server closes the
 * connection. Resolves with what the server answered and how long the connection lived (ms).
 */
function trickle(head: string, everyMs: number): Promise<{ answer: string; livedMs: number }> {
  return new Promise((resolve, reject) => {
    const { port } = new URL(s.baseUrl);
    const started = Date.now();
    const chunks: Buffer[] = [];
    let timer: NodeJS.Timeout | undefined;
    const socket = net.connect(Number(port), '127.0.0.1', () => {
      socket.write(head);
      timer = setInterval(() => {
        if (socket.writable) socket.write('a');
      }, everyMs);
    });
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ answer: Buffer.concat(chunks).toString('utf8'), livedMs: Date.now() - started });
    });
    socket.on('timeout', () => reject(new Error('no answer')));
  });
}

it('answers a body trickled one byte at a time with 408 in the envelope and closes the connection', async () => {
  const head = 'POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{';
  const { answer, livedMs } = await trickle(head, 100);
  expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
  expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({
    error: { code: 'REQUEST_TIMEOUT', message: '网络太慢，请求没有及时送到，请检查网络后重试。' },
  });
  // Cut after the 1 s timeout; the bound is loose for a busy machine, and far below the minutes it held before.
  expect(livedMs).toBeGreaterThanOrEqual(1000);
  expect(livedMs).toBeLessThan(20_000);
  // The cut is a client's failure, not the server's: no error logged.
  expect(s.logs()).not.toMatch(/"level":50/);
}, 30_000);

it('cuts headers that never end (HEADERS_TIMEOUT_S) the same way', async () => {
  const { answer } = await trickle('GET /api/v1/places HTTP/1.1\r\nHost: x\r\nX-Slow: ', 100);
  expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
  expect(answer).toContain('"code":"REQUEST_TIMEOUT"');
}, 30_000);

it("keeps a door controller's long poll, which outlasts the request timeout, answering normally", async () => {
  const key = deviceKeys(loadMasterKey(s.ctx.config.dataDir, s.ctx.config.masterKey)).keyOf('d0039');
  const started = Date.now();
  const res = await fetch(`${s.api}/doors/d0039/grants?waitS=2`, { headers: { 'x-device-key': key } });
  expect(res.status).toBe(200);
  expect(((await res.json()) as { grants: unknown[] }).grants).toEqual([]);
  expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
}, 30_000);

describe('timeout settings', () => {
  it('has explicit defaults: a request (body included) within 20 s, headers within 10 s', () => {
    expect(loadConfig({}).http).toEqual({ requestTimeoutS: 20, headersTimeoutS: 10, idleTimeoutS: 60, keepAliveTimeoutS: 65 });
  });

  it.each([
    [{ REQUEST_TIMEOUT_S: '0' }, /REQUEST_TIMEOUT_S/],
    [{ REQUEST_TIMEOUT_S: 'soon' }, /REQUEST_TIMEOUT_S/],
    [{ HEADERS_TIMEOUT_S: '30', REQUEST_TIMEOUT_S: '20' }, /HEADERS_TIMEOUT_S .*REQUEST_TIMEOUT_S/],
    [{ IDLE_TIMEOUT_S: '20' }, /IDLE_TIMEOUT_S .*long poll/],
  ])('refuses %j with a message naming the setting', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
