/**
 * What Node's HTTP server answers on its own, before Fastify sees the request, leaves in the API's envelope
 * too: an `Expect` it cannot meet (417) and an HTTP/1.1 request without `Host` (400). Both were empty bodies.
 */
import net from 'net';
import { startServer, type TestServer } from '../../support/server';

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(async () => s.close());

/**
 * Sends `raw` on a fresh connection and resolves with everything the server wrote before closing. The client does
 * not half-close its side: every request here asks the server to close (Connection: close, or an HTTP/1.0
 * request), and a server whose answer takes a while (a pooled PostgreSQL query) would otherwise see the client
 * gone before it answers.
 */
const rawRequest = (raw: string) =>
  new Promise<string>((resolve, reject) => {
    const { port } = new URL(s.baseUrl);
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(raw));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });

/** Status line, headers (lower-cased names) and the body parsed as JSON. */
function parse(answer: string): { status: string; headers: Record<string, string>; body: unknown } {
  const [head, ...rest] = answer.split('\r\n\r\n');
  const [status, ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  let body = rest.join('\r\n\r\n');
  if (headers['transfer-encoding'] === 'chunked')
    body = body
      .replace(/^[0-9a-f]+\r\n/, '')
      .replace(/\r\n0\r\n$/, '')
      .replace(/\r\n$/, '');
  return { status, headers, body: body ? JSON.parse(body) : null };
}

it('answers an Expect it cannot meet with 417 in the envelope', async () => {
  const r = parse(await rawRequest('GET /api/v1/places HTTP/1.1\r\nHost: x\r\nExpect: xyz\r\nConnection: close\r\n\r\n'));
  expect(r.status).toBe('HTTP/1.1 417 Expectation Failed');
  expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(r.body).toEqual({ error: { code: 'BAD_REQUEST', message: '请求有误，请返回上一页后重试。' } });
});

it('still honours Expect: 100-continue', async () => {
  const body = JSON.stringify({ deviceId: 'expect-continue-device'.padEnd(32, '0') });
  const answer = await rawRequest(
    `POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
  );
  expect(answer.slice(0, 200)).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 201 Created/);
});

it('answers an HTTP/1.1 request without Host with 400 in the envelope', async () => {
  const r = parse(await rawRequest('GET /api/v1/places HTTP/1.1\r\nConnection: close\r\n\r\n'));
  expect(r.status).toBe('HTTP/1.1 400 Bad Request');
  expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(r.body).toEqual({ error: { code: 'BAD_REQUEST', message: '请求有误，请返回上一页后重试。' } });
});

it('still serves HTTP/1.0 without Host (Host is an HTTP/1.1 requirement)', async () => {
  const r = parse(await rawRequest('GET /api/v1/places HTTP/1.0\r\n\r\n'));
  expect(r.status).toBe('HTTP/1.1 200 OK');
});
