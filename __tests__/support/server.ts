/**
 * Starts the real backend on a free loopback port with a fresh database (support/database.ts: a SQLite file in a
 * temp dir, or on `npm run test:pg` a new PostgreSQL database, dropped at close), for API and browser tests. Logs are captured (for the no-plaintext checks). `clock` is settable. Every answer is checked
 * against mock/openapi.yaml (support/contract.ts); `close` throws when one broke the contract, naming it.
 */
import { randomBytes } from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { PassThrough } from 'stream';
import { loadConfig, type Config } from '../../mock/src/core/config';
import { buildServer, type ServerContext, type ServerOptions } from '../../mock/src/app';
import { answerRecorder, type AnswerRecorder } from './contract';
import { engineFor, querySql, type Row } from './database';

export interface TestServer {
  baseUrl: string;
  api: string;
  ctx: ServerContext;
  /**
   * Runs one SQL statement (portable SQL, `?` placeholders) on the server's database, either engine, for checking
   * and arranging rows; resolves its rows.
   */
  query: <T = Row>(text: string, ...params: unknown[]) => Promise<T[]>;
  /** The first row of {@link query}, or undefined. */
  one: <T = Row>(text: string, ...params: unknown[]) => Promise<T | undefined>;
  dataDir: string;
  logs: () => string;
  clock: { nowMs: number | null };
  /** The answers so far, by operation and status, and any that broke mock/openapi.yaml. */
  contract: AnswerRecorder;
  /** Stops the server; throws when an answer broke the contract. */
  close: () => Promise<void>;
}

export async function startServer(
  env: Record<string, string> = {},
  overrides: Partial<Config> = {},
  options: Pick<ServerOptions, 'grantRelay' | 'stationRelay' | 'onRoute'> = {},
): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-test-'));
  // A DATABASE_URL given by the test (two servers on one database) is the test's own: not created or dropped here.
  const engine = env.DATABASE_URL ? { env: {}, cleanup: async () => undefined } : await engineFor();
  const config = { ...loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info', ...engine.env, ...env }), ...overrides };
  const clock = { nowMs: null as number | null };
  const stream = new PassThrough();
  let logText = '';
  stream.on('data', (c: Buffer) => {
    logText += c.toString('utf8');
  });
  const contract = answerRecorder();
  const built = await buildServer(config, {
    ...options,
    now: () => clock.nowMs ?? Date.now(),
    logStream: stream,
    onRoute: (route) => {
      contract.onRoute(route);
      options.onRoute?.(route);
    },
  }).catch(async (err: unknown) => {
    await engine.cleanup();
    throw err;
  });
  const { app, ctx } = built;
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const query = <T = Row>(text: string, ...params: unknown[]) => querySql<T>(ctx.db, text, params);
  return {
    baseUrl: address,
    api: `${address}/api/v1`,
    ctx,
    query,
    one: async <T = Row>(text: string, ...params: unknown[]) => (await query<T>(text, ...params))[0],
    dataDir,
    logs: () => logText,
    clock,
    contract,
    close: async () => {
      await app.close();
      await engine.cleanup();
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (contract.violations.length > 0) {
        throw new Error(`answers that break mock/openapi.yaml:\n${[...new Set(contract.violations)].join('\n')}`);
      }
    },
  };
}

/** JSON fetch helper: returns status, parsed body and headers. */
export async function call(
  url: string,
  init: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  let body: any = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = text;
  }
  return { status: res.status, body, headers: res.headers };
}

/** A session for a new device: returns its token. */
export async function newSession(api: string, deviceId = randomBytes(16).toString('hex')): Promise<string> {
  const r = await call(`${api}/sessions`, { method: 'POST', body: { deviceId } });
  if (r.status !== 201) throw new Error(`session: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token as string;
}
