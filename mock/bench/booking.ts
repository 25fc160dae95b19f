/**
 * `npm run bench:booking` (a measurement, not a test). Starts the real server as a child process with its own
 * DATA_DIR, registers 1,000 workers through the API, then:
 *  1. rush: 1,000 concurrent POST /bookings (one per worker, each with its Idempotency-Key) for a slot of 50
 *     places; prints bookings made (must be 50), answers by code, requests per second and latency p50/p99;
 *  2. crash: the same rush on a second 50-place slot, SIGKILL of the server as soon as the first confirmations
 *     (2xx) arrive, restart on the same DATA_DIR, then checks every confirmed booking is still there and that no
 *     slot holds more bookings than places. Exits 1 when a check fails.
 */
import { spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import Database from 'better-sqlite3';
import { idNumberCheckChar } from '../../src/rules/idNumber';
import { PRIVACY_POLICY_VERSION } from '../../src/rules/privacy';
import { addDays, parseShanghaiDateTime, shanghaiDate } from '../../src/rules/time';

const WORKERS = 1000;
const PLACES = 50;
const ROOT = path.resolve(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

interface Answer {
  status: number;
  body: { id?: string; error?: { code: string } } | null;
  ms: number;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });

/** Spawns `tsx mock/src/main.ts` and resolves once the API answers. */
async function startServer(dataDir: string): Promise<{ child: ChildProcess; api: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, [TSX, path.join(ROOT, 'mock', 'src', 'main.ts')], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), RATE_LIMIT: 'off', LOG_LEVEL: 'warn', SCHEDULER_INTERVAL_S: '0', H5_DIR: path.join(dataDir, 'no-h5') },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const api = `http://127.0.0.1:${port}/api/v1`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${api}/health-stations`)).ok) return { child, api };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error('server did not start within 30 s');
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const t0 = performance.now();
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, ms: performance.now() - t0 };
  } catch {
    return { status: 0, body: null, ms: performance.now() - t0 };
  }
}

/** Runs `fn` over `items` with at most `limit` in flight. */
async function pool<T, R>(items: T[], limit: number, fn: (x: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  }));
  return out;
}

async function registerWorkers(api: string): Promise<string[]> {
  return pool(Array.from({ length: WORKERS }, (_, i) => i), 50, async (i) => {
    const s = await post(`${api}/sessions`, { deviceId: `bench-device-${i}` });
    const token = (s.body as { token: string }).token;
    const body17 = `1401061990${String(1 + Math.floor(i / 1000)).padStart(2, '0')}15${String(i % 1000).padStart(3, '0')}`;
    const w = await post(
      `${api}/workers`,
      {
        name: '压测职工',
        idNumber: `${body17}${idNumberCheckChar(body17)}`,
        phone: `137${String(10_000_000 + i).slice(-8)}`,
        occupation: 'delivery',
        consent: { privacyPolicyVersion: PRIVACY_POLICY_VERSION, sensitiveInfo: true },
      },
      { authorization: `Bearer ${token}` },
    );
    if (w.status !== 201) throw new Error(`registration ${i} answered ${w.status} ${JSON.stringify(w.body)}`);
    return token;
  });
}

/** Adds a scheduled session tomorrow 10:00 (Shanghai) with one slot of PLACES places, straight into the database. */
function addSlot(dataDir: string, id: string): string {
  const db = new Database(path.join(dataDir, 'yizhan.sqlite'));
  db.pragma('busy_timeout = 5000');
  const date = addDays(shanghaiDate(Date.now()), 1);
  const startsAt = parseShanghaiDateTime(`${date} 10:00`) as number;
  const doctor = db.prepare("SELECT id FROM doctors WHERE health_station_id = 'hs01' ORDER BY id LIMIT 1").get() as { id: string };
  db.prepare('INSERT INTO clinic_sessions (id, template_id, health_station_id, doctor_id, date, starts_at, ends_at) VALUES (?, NULL, ?, ?, ?, ?, ?)')
    .run(id, 'hs01', doctor.id, date, startsAt, startsAt + 30 * 60_000);
  db.prepare('INSERT INTO slots (id, session_id, starts_at, ends_at, capacity) VALUES (?, ?, ?, ?, ?)').run(`${id}_1`, id, startsAt, startsAt + 30 * 60_000, PLACES);
  db.close();
  return `${id}_1`;
}

const book = (api: string, token: string, slotId: string, i: number) =>
  post(`${api}/bookings`, { slotId }, { authorization: `Bearer ${token}`, 'idempotency-key': `bench-${slotId}-${i}` });

const codeOf = (a: Answer): string => (a.status === 0 ? 'CONNECTION_LOST' : a.status < 300 ? `${a.status}` : a.body?.error?.code ?? `${a.status}`);
const countBy = (xs: string[]) => Object.fromEntries([...new Set(xs)].sort().map((k) => [k, xs.filter((x) => x === k).length]));
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)];

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-bench-'));
  const checks: string[] = [];
  let server = await startServer(dataDir);
  try {
    const t0 = performance.now();
    const tokens = await registerWorkers(server.api);
    console.log(`registered ${tokens.length} workers in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // 1. The rush.
    const slotA = addSlot(dataDir, 'bench_rush');
    const r0 = performance.now();
    const answers = await Promise.all(tokens.map((t, i) => book(server.api, t, slotA, i)));
    const wallS = (performance.now() - r0) / 1000;
    const made = answers.filter((a) => a.status === 201).length;
    const ms = answers.map((a) => a.ms);
    console.log('\n1. rush: 1,000 concurrent requests for 50 places');
    console.log(`   bookings made: ${made}`);
    console.log(`   answers by code: ${JSON.stringify(countBy(answers.map(codeOf)))}`);
    console.log(`   ${(answers.length / wallS).toFixed(0)} req/s over ${wallS.toFixed(2)} s; latency p50 ${percentile(ms, 50).toFixed(0)} ms, p99 ${percentile(ms, 99).toFixed(0)} ms`);
    if (made !== PLACES) checks.push(`rush made ${made} bookings, expected ${PLACES}`);
    if (answers.some((a) => a.status >= 500 || a.status === 0)) checks.push('rush had 5xx or lost connections');

    // 2. SIGKILL in the middle of a second rush.
    const slotB = addSlot(dataDir, 'bench_crash');
    const confirmed: { token: string; id: string }[] = [];
    let killed = false;
    const second = await Promise.all(
      tokens.map(async (t, i) => {
        const a = await book(server.api, t, slotB, i);
        if (a.status === 201 && a.body?.id) {
          confirmed.push({ token: t, id: a.body.id });
          // Kill once the first confirmations are out: the rest are in flight or queued.
          if (confirmed.length >= 10 && !killed) {
            killed = true;
            server.child.kill('SIGKILL');
          }
        }
        return a;
      }),
    );
    await new Promise<void>((r) => (server.child.exitCode !== null || server.child.signalCode ? r() : server.child.once('exit', () => r())));
    console.log('\n2. crash: SIGKILL during a second rush on 50 new places');
    console.log(`   answers before the kill, by code: ${JSON.stringify(countBy(second.map(codeOf)))}`);
    console.log(`   bookings the clients saw confirmed (201): ${confirmed.length}`);

    server = await startServer(dataDir);
    let missing = 0;
    await pool(confirmed, 50, async (c) => {
      const res = await fetch(`${server.api}/me/bookings`, { headers: { authorization: `Bearer ${c.token}` } });
      const body = (await res.json()) as { bookings: { id: string; status: string }[] };
      if (!body.bookings.some((b) => b.id === c.id && b.status === 'booked')) missing++;
    });
    const db = new Database(path.join(dataDir, 'yizhan.sqlite'), { readonly: true });
    const slots = db
      .prepare(
        `SELECT s.id, s.capacity, s.booked, (SELECT COUNT(*) FROM bookings b WHERE b.slot_id = s.id AND b.status IN ('booked','checked_in')) AS active
         FROM slots s WHERE s.id IN (?, ?)`,
      )
      .all(slotA, slotB) as { id: string; capacity: number; booked: number; active: number }[];
    const overAll = db.prepare("SELECT COUNT(*) AS n FROM slots s WHERE (SELECT COUNT(*) FROM bookings b WHERE b.slot_id = s.id AND b.status IN ('booked','checked_in')) > s.capacity").get() as { n: number };
    db.close();
    console.log(`   after restart: ${confirmed.length - missing} of ${confirmed.length} confirmed bookings found; missing ${missing}`);
    for (const s of slots) console.log(`   slot ${s.id}: capacity ${s.capacity}, counter ${s.booked}, active bookings ${s.active}`);
    console.log(`   slots over capacity (all slots): ${overAll.n}`);
    if (missing) checks.push(`${missing} confirmed bookings lost`);
    if (overAll.n || slots.some((s) => s.booked !== s.active || s.active > s.capacity)) checks.push('a slot is over capacity or its counter disagrees');
  } finally {
    server.child.kill('SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(checks.length ? `\nFAILED: ${checks.join('; ')}` : '\nall checks passed');
  process.exit(checks.length ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
