/**
 * `npm run bench:booking` (a measurement, not a test). Starts the real server as a child process with its own
 * DATA_DIR, registers 1,000 workers through the API, then:
 *  1. rush: 1,000 concurrent POST /bookings (one per worker, each with its Idempotency-Key) for a slot of 50
 *     places; prints bookings made (must be 50), answers by code, requests per second and latency p50/p99;
 *  2. crash: a second rush of 1,000 requests, this time over 20 slots of 50 places (so every request can
 *     book), SIGKILL of the server once it has committed 300 of them, restart on
 *     the same DATA_DIR; checks that every booking the clients saw confirmed (201) is still there, that no slot
 *     holds more bookings than places, and that retrying the unanswered requests with their Idempotency-Key
 *     books nobody twice. Exits 1 when a check fails.
 */
import { spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import Database from 'better-sqlite3';
import autocannon from 'autocannon';
import { idNumberCheckChar } from '@/rules/idNumber';
import { PRIVACY_POLICY_VERSION } from '@/rules/privacy';
import { addDays, parseShanghaiDateTime, shanghaiDate } from '@/rules/time';

const WORKERS = 1000;
const PLACES = 50;
const ROOT = path.resolve(__dirname, '..', '..');

interface Answer {
  status: number;
  body: { id?: string; error?: { code: string } } | null;
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

/**
 * Spawns `node --import tsx mock/src/main.ts` (not the tsx CLI, which would put another process in between) as
 * `npm start` runs it, a cluster of WORKERS processes, in a process group of its own, so that `killServer`
 * kills the primary and every worker at once, as a crash of the machine would. Resolves once the API answers.
 */
async function startServer(dataDir: string): Promise<{ child: ChildProcess; api: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'mock', 'src', 'main.ts')], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), RATE_LIMIT: 'off', LOG_LEVEL: 'warn', SCHEDULER_INTERVAL_S: '0', H5_DIR: path.join(dataDir, 'no-h5') },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
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
  killServer(child, 'SIGKILL');
  throw new Error('server did not start within 30 s');
}

/** Sends `signal` to the server's whole process group (the primary and its workers). */
function killServer(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  try {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  } catch {
    return { status: 0, body: null };
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
    const s = await post(`${api}/sessions`, { deviceId: `bench-device-${String(i).padStart(6, "0")}`.padEnd(32, "0") });
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

/** Adds scheduled sessions tomorrow 10:00 (Shanghai), each with one slot of PLACES places, straight into the database. */
function addSlots(dataDir: string, prefix: string, count: number): string[] {
  const db = new Database(path.join(dataDir, 'yizhan.sqlite'));
  db.pragma('busy_timeout = 5000');
  const date = addDays(shanghaiDate(Date.now()), 1);
  const startsAt = parseShanghaiDateTime(`${date} 10:00`) as number;
  const doctor = db.prepare("SELECT id FROM doctors WHERE health_station_id = 'hs01' ORDER BY id LIMIT 1").get() as { id: string };
  const ids = Array.from({ length: count }, (_, k) => {
    const id = `${prefix}${k + 1}`;
    db.prepare('INSERT INTO clinic_sessions (id, template_id, health_station_id, doctor_id, date, starts_at, ends_at) VALUES (?, NULL, ?, ?, ?, ?, ?)')
      .run(id, 'hs01', doctor.id, date, startsAt, startsAt + 30 * 60_000);
    db.prepare('INSERT INTO slots (id, session_id, starts_at, ends_at, capacity) VALUES (?, ?, ?, ?, ?)').run(`${id}_1`, id, startsAt, startsAt + 30 * 60_000, PLACES);
    return `${id}_1`;
  });
  db.close();
  return ids;
}

const book = (api: string, token: string, slotId: string, i: number) =>
  post(`${api}/bookings`, { slotId }, { authorization: `Bearer ${token}`, 'idempotency-key': `bench-${slotId}-${i}` });

/**
 * One request per worker, all at once: autocannon (a separate, efficient HTTP client) opens one connection per
 * worker, so the figures measure the server rather than a busy client event loop. `answers[i]` is worker i's
 * answer, or status 0 when the connection died first.
 */
async function rush(api: string, tokens: string[], slotOf: (i: number) => string) {
  const answers: Answer[] = tokens.map(() => ({ status: 0, body: null }));
  let next = 0;
  const instance = autocannon({
    url: `${api}/bookings`,
    connections: tokens.length,
    amount: tokens.length,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        setupRequest: (req, context) => {
          const i = next++;
          (context as { i?: number }).i = i;
          return {
            ...req,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[i]}`, 'idempotency-key': `bench-${slotOf(i)}-${i}` },
            body: JSON.stringify({ slotId: slotOf(i) }),
          };
        },
        onResponse: (status, body, context) => {
          answers[(context as { i: number }).i] = { status, body: body ? JSON.parse(body) : null };
        },
      },
    ],
  });
  const result = await instance;
  return { answers, result };
}

/** Polls the database file every millisecond and SIGKILLs the server's process group once KILL_AT crash-rush bookings are committed. */
const KILL_WATCHER = `
const db = new (require('better-sqlite3'))(process.env.DB_FILE, { readonly: true });
const q = db.prepare("SELECT COUNT(*) AS n FROM bookings WHERE session_id LIKE 'bench_crash%'");
const t = setInterval(() => {
  if (q.get().n >= Number(process.env.KILL_AT)) { process.kill(-Number(process.env.SERVER_PID), 'SIGKILL'); clearInterval(t); }
}, 1);`;

const codeOf = (a: Answer): string => (a.status === 0 ? 'CONNECTION_LOST' : a.status < 300 ? `${a.status}` : a.body?.error?.code ?? `${a.status}`);
const countBy = (xs: string[]) => Object.fromEntries([...new Set(xs)].sort().map((k) => [k, xs.filter((x) => x === k).length]));

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-bench-'));
  const checks: string[] = [];
  let server = await startServer(dataDir);
  try {
    const t0 = performance.now();
    const tokens = await registerWorkers(server.api);
    console.log(`registered ${tokens.length} workers in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // 1. The rush.
    const [slotA] = addSlots(dataDir, 'bench_rush', 1);
    const r0 = performance.now();
    const { answers, result } = await rush(server.api, tokens, () => slotA);
    const wallMs = performance.now() - r0;
    const made = answers.filter((a) => a.status === 201).length;
    console.log('\n1. rush: 1,000 concurrent requests from 1,000 workers for 50 places');
    console.log(`   bookings made: ${made}`);
    console.log(`   answers by code: ${JSON.stringify(countBy(answers.map(codeOf)))}`);
    console.log(`   ${(answers.length / (wallMs / 1000)).toFixed(0)} req/s (1,000 answers in ${(wallMs / 1000).toFixed(2)} s); latency p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms`);
    if (made !== PLACES) checks.push(`rush made ${made} bookings, expected ${PLACES}`);
    if (answers.some((a) => a.status >= 500 || a.status === 0)) checks.push('rush had 5xx or lost connections');

    // 2. SIGKILL in the middle of a second rush.
    const crashSlots = addSlots(dataDir, 'bench_crash', WORKERS / PLACES);
    const slotOf = (i: number) => crashSlots[i % crashSlots.length];
    // Killed once the server has committed KILL_AT bookings (watched in the database file: answers reach the
    // client in bursts, so counting answers would kill too late), with the rest in flight or queued.
    const KILL_AT = 300;
    // The watcher is its own process: this one is busy driving 1,000 connections and would notice too late.
    const watcher = spawn(process.execPath, ['-e', KILL_WATCHER], {
      cwd: ROOT,
      env: { ...process.env, DB_FILE: path.join(dataDir, 'yizhan.sqlite'), SERVER_PID: String(server.child.pid), KILL_AT: String(KILL_AT) },
      stdio: 'inherit',
    });
    await new Promise((r) => setTimeout(r, 300));
    const { answers: second } = await rush(server.api, tokens, slotOf);
    watcher.kill('SIGTERM');
    if (server.child.exitCode === null && server.child.signalCode === null) {
      killServer(server.child, 'SIGKILL');
      console.log('   (the rush finished before the kill; killed afterwards)');
    }
    await new Promise<void>((r) => (server.child.exitCode !== null || server.child.signalCode !== null ? r() : server.child.once('exit', () => r())));
    const confirmed = second.map((a, i) => ({ a, i })).filter((x) => x.a.status === 201);
    console.log(`\n2. crash: SIGKILL after ${KILL_AT} committed bookings of a second rush (1,000 requests over ${crashSlots.length} slots of ${PLACES})`);
    console.log(`   answers the clients got, by code: ${JSON.stringify(countBy(second.map(codeOf)))}`);

    server = await startServer(dataDir);
    let missing = 0;
    await pool(confirmed, 50, async ({ a, i }) => {
      const res = await fetch(`${server.api}/me/bookings`, { headers: { authorization: `Bearer ${tokens[i]}` } });
      const body = (await res.json()) as { bookings: { id: string; status: string }[] };
      if (!body.bookings.some((b) => b.id === a.body?.id && b.status === 'booked')) missing++;
    });
    console.log(`   after restart: ${confirmed.length - missing} of ${confirmed.length} confirmed bookings found; missing ${missing}`);
    const peek = new Database(path.join(dataDir, 'yizhan.sqlite'), { readonly: true });
    const survived = (peek.prepare("SELECT COUNT(*) AS n FROM bookings WHERE session_id LIKE 'bench_crash%'").get() as { n: number }).n;
    peek.close();
    console.log(`   bookings in the database after restart: ${survived} (${survived - confirmed.length} committed whose answer the kill cut off)`);
    // The clients whose answer was lost retry with the same key: a booking committed before the kill is answered, not made twice.
    const lost = second.map((a, i) => ({ a, i })).filter((x) => x.a.status === 0);
    const retried = await pool(lost, 50, ({ i }) => book(server.api, tokens[i], slotOf(i), i));
    console.log(`   retries of the ${lost.length} lost requests with their keys, by code: ${JSON.stringify(countBy(retried.map(codeOf)))}`);

    const db = new Database(path.join(dataDir, 'yizhan.sqlite'), { readonly: true });
    const active = "(SELECT COUNT(*) FROM bookings b WHERE b.slot_id = s.id AND b.status IN ('booked','checked_in'))";
    const bad = db.prepare(`SELECT COUNT(*) AS n FROM slots s WHERE ${active} > s.capacity OR ${active} <> s.booked`).get() as { n: number };
    const crashBooked = db.prepare(`SELECT COALESCE(SUM(${active}), 0) AS n FROM slots s WHERE s.id LIKE 'bench_crash%'`).get() as { n: number };
    const twice = db.prepare("SELECT COUNT(*) AS n FROM (SELECT worker_id FROM bookings WHERE session_id LIKE 'bench_crash%' GROUP BY worker_id HAVING COUNT(*) > 1)").get() as { n: number };
    db.close();
    console.log(`   bookings in the crash slots now: ${crashBooked.n} (places ${crashSlots.length * PLACES}); workers booked twice: ${twice.n}`);
    console.log(`   slots over capacity or with a counter that disagrees with their bookings: ${bad.n}`);
    if (missing) checks.push(`${missing} confirmed bookings lost`);
    if (bad.n) checks.push('a slot is over capacity or its counter disagrees');
    if (twice.n) checks.push('a retried request booked twice');
    if (retried.some((a) => a.status >= 500 || a.status === 0)) checks.push('a retry failed');
  } finally {
    killServer(server.child, 'SIGTERM');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(checks.length ? `\nFAILED: ${checks.join('; ')}` : '\nall checks passed');
  process.exit(checks.length ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
