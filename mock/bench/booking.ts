/**
 * `npm run bench:booking` (a measurement, not a test). For each server process count (`--processes=1,2`, default
 * both; support.ts) it starts the real server as `npm start` runs it (mock/src/main.ts, WORKERS processes) on a
 * fresh DATA_DIR (or DATABASE_URL's database with `--pg`), prints its start-up time and memory, registers 1,000
 * workers through the API, and beside it starts the bare baseline (bareServer.ts, BARE_KIND=booking: a bare
 * Fastify route that takes a place with the conditional UPDATE and inserts the booking row in one transaction,
 * same database, same process count). Then:
 *  1. rush: 1,000 concurrent requests (one per worker, one connection each), for a slot of 50 places, first to the
 *     baseline, then POST /bookings (each with its Idempotency-Key), BENCH_ROUNDS times taking turns, each round
 *     on a new slot; prints bookings made (must be 50 a round), answers by code, requests per second (1,000
 *     answers over the wall time), latency p50/p99/max of both, and the ratio;
 *  2. crash: a second rush of 1,000 requests, this time over 20 slots of 50 places (so every request can
 *     book), SIGKILL of the server once it has committed 300 of them, restart on
 *     the same DATA_DIR; checks that every booking the clients saw confirmed (201) is still there, that no slot
 *     holds more bookings than places, and that retrying the unanswered requests with their Idempotency-Key
 *     books nobody twice.
 * Targets (issue 12): exactly 50 booked, every request answered, p99 <= 300 ms, nothing confirmed lost. Exits 1
 * when a check fails. `--prof`: CPU profile of the server during the rush, summarised.
 */
import { spawn, type ChildProcess } from 'child_process';
import fs from 'fs';
import net from 'net';
import os from 'os';
import path from 'path';
import {
  benchEngine,
  childPids,
  engineEnv,
  forkServer,
  load,
  machineLine,
  num,
  openBenchDb,
  pct,
  processCounts,
  profArgs,
  profileDir,
  profileSummary,
  rssMb,
  stopServer,
  verdict,
  type BenchDb,
  type Engine,
} from './support';
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

/** A started server: its process (group leader), API base, start-up time and memory per process. */
interface Server {
  child: ChildProcess;
  api: string;
  startupMs: number;
}

/**
 * Spawns `node --import tsx mock/src/main.ts` (not the tsx CLI, which would put another process in between) as
 * `npm start` runs it, with WORKERS `processes`, in a process group of its own, so that `killServer` kills the
 * primary and every worker at once, as a crash of the machine would. Resolves once the API answers, with the
 * time that took (start-up: modules, migrations, seed check, slot window, every worker listening).
 */
async function startServer(engine: Engine, dataDir: string, processes: number, prof: string | null = null): Promise<Server> {
  const port = await freePort();
  const t0 = performance.now();
  const child = spawn(process.execPath, [...profArgs(prof), '--import', 'tsx', path.join(ROOT, 'mock', 'src', 'main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      ...engineEnv(engine),
      WORKERS: String(processes),
      DATA_DIR: dataDir,
      PORT: String(port),
      RATE_LIMIT: 'off',
      LOG_LEVEL: 'warn',
      SCHEDULER_INTERVAL_S: '0',
      H5_DIR: path.join(dataDir, 'no-h5'),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  const api = `http://127.0.0.1:${port}/api/v1`;
  for (let i = 0; i < 3000; i++) {
    try {
      if ((await fetch(`${api}/health-stations`)).ok) return { child, api, startupMs: performance.now() - t0 };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  killServer(child, 'SIGKILL');
  throw new Error('server did not start within 30 s');
}

/** Resident memory of each server process (MB): the one process, or a cluster's workers (primary apart). */
function memoryLine(server: Server, processes: number): string {
  const pid = server.child.pid!;
  const own = rssMb(pid);
  if (processes === 1) return `${own?.toFixed(0)} MB`;
  const workers = childPids(pid)
    .map(rssMb)
    .filter((x): x is number => x !== null);
  return `workers ${workers.map((x) => x.toFixed(0)).join(' + ')} MB, primary ${own?.toFixed(0)} MB`;
}

/** Sends `signal` to the server's whole process group (the primary and its workers). */
function killServer(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

/** Sends SIGTERM to the server's group and waits for the primary to exit (a profile is written on the way out). */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((r) => child.once('exit', () => r()));
  killServer(child, 'SIGTERM');
  await gone;
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
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
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}

interface Person {
  token: string;
  workerId: string;
}

async function registerWorkers(api: string): Promise<Person[]> {
  return pool(
    Array.from({ length: WORKERS }, (_, i) => i),
    50,
    async (i) => {
      const s = await post(`${api}/sessions`, { deviceId: `bench-device-${String(i).padStart(6, '0')}`.padEnd(32, '0') });
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
      const worker = w.body as { id?: string; worker?: { id: string } };
      return { token, workerId: (worker.worker?.id ?? worker.id) as string };
    },
  );
}

/**
 * Adds scheduled sessions `daysAhead` days from today at 10:00 (Shanghai), each with one slot of PLACES places,
 * straight into the database; returns the slots with their sessions.
 */
async function addSlots(db: BenchDb, prefix: string, count: number, daysAhead: number): Promise<{ slotId: string; sessionId: string }[]> {
  const date = addDays(shanghaiDate(Date.now()), daysAhead);
  const startsAt = parseShanghaiDateTime(`${date} 10:00`) as number;
  const [doctor] = await db.all<{ id: string }>("SELECT id FROM doctors WHERE health_station_id = 'hs01' ORDER BY id LIMIT 1");
  const out: { slotId: string; sessionId: string }[] = [];
  for (let k = 0; k < count; k++) {
    const id = `${prefix}${k + 1}`;
    await db.run(
      'INSERT INTO clinic_sessions (id, template_id, health_station_id, doctor_id, date, starts_at, ends_at) VALUES (?, NULL, ?, ?, ?, ?, ?)',
      [id, 'hs01', doctor.id, date, startsAt, startsAt + 30 * 60_000],
    );
    await db.run('INSERT INTO slots (id, session_id, starts_at, ends_at, capacity) VALUES (?, ?, ?, ?, ?)', [
      `${id}_1`,
      id,
      startsAt,
      startsAt + 30 * 60_000,
      PLACES,
    ]);
    out.push({ slotId: `${id}_1`, sessionId: id });
  }
  return out;
}

const book = (api: string, token: string, slotId: string, i: number) =>
  post(`${api}/bookings`, { slotId }, { authorization: `Bearer ${token}`, 'idempotency-key': `bench-${slotId}-${i}` });

interface Rush {
  answers: Answer[];
  /** Answers per second: 1,000 over the time from the first request to the last answer. */
  perS: number;
  latencies: number[];
}

/**
 * One request per worker, all at once: autocannon (a separate, efficient HTTP client) opens one connection per
 * worker, so the figures measure the server rather than a busy client event loop. `answers[i]` is worker i's
 * answer, or status 0 when the connection died first. `request(i)` is worker i's path, headers and body.
 */
async function rush(
  url: string,
  n: number,
  request: (i: number) => { path: string; headers: Record<string, string>; body: string },
): Promise<Rush> {
  const answers: Answer[] = Array.from({ length: n }, () => ({ status: 0, body: null }));
  let next = 0;
  const t0 = performance.now();
  const l = await load({
    url,
    connections: n,
    amount: n,
    timeout: 30,
    requests: [
      {
        method: 'POST',
        setupRequest: (req, context) => {
          const i = next++;
          (context as { i?: number }).i = i;
          return { ...req, ...request(i) };
        },
        onResponse: (status, body, context) => {
          answers[(context as { i: number }).i] = { status, body: body ? JSON.parse(body) : null };
        },
      },
    ],
  });
  const wallS = (performance.now() - t0) / 1000;
  return { answers, perS: answers.filter((a) => a.status !== 0).length / wallS, latencies: l.latencies.sort((a, b) => a - b) };
}

const rushLine = (r: Rush): string =>
  `${r.perS.toFixed(0)} req/s; latency p50 ${pct(r.latencies, 50).toFixed(0)} ms, p99 ${pct(r.latencies, 99).toFixed(0)} ms, max ${r.latencies[r.latencies.length - 1]?.toFixed(0)} ms`;

/**
 * Watches the database every millisecond and SIGKILLs the server's process group once KILL_AT crash-rush bookings
 * are committed; prints "ready" once it watches. SQLite: the file, read-only; PostgreSQL: DATABASE_URL (pg).
 */
const KILL_WATCHER = `
const count = "SELECT COUNT(*) AS n FROM bookings WHERE session_id LIKE 'bench_crash%'";
const kill = () => process.kill(-Number(process.env.SERVER_PID), 'SIGKILL');
if (process.env.DATABASE_URL) {
  const { Client } = require('pg');
  const c = new Client({ connectionString: process.env.DATABASE_URL });
  c.connect().then(async () => {
    process.stdout.write('ready\\n');
    for (;;) {
      if (Number((await c.query(count)).rows[0].n) >= Number(process.env.KILL_AT)) return kill();
      await new Promise((r) => setTimeout(r, 1));
    }
  });
} else {
  const db = new (require('better-sqlite3'))(process.env.DB_FILE, { readonly: true });
  const q = db.prepare(count);
  process.stdout.write('ready\\n');
  const t = setInterval(() => {
    if (q.get().n >= Number(process.env.KILL_AT)) { kill(); clearInterval(t); }
  }, 1);
}`;

const codeOf = (a: Answer): string =>
  a.status === 0 ? 'CONNECTION_LOST' : a.status < 300 ? `${a.status}` : (a.body?.error?.code ?? `${a.status}`);
const countBy = (xs: string[]) => Object.fromEntries([...new Set(xs)].sort().map((k) => [k, xs.filter((x) => x === k).length]));

interface Figures {
  processes: number;
  real: Rush[];
  bare: Rush[];
  startupMs: number;
  memory: string;
}

/** Rushes and the crash check for one process count; failed checks are pushed onto `checks`. */
async function measure(engine: Engine, processes: number, checks: string[]): Promise<Figures> {
  const rounds = num(process.env.BENCH_ROUNDS, 2);
  const prof = profileDir(`booking-${processes}`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-bench-'));
  let server = await startServer(engine, dataDir, processes, prof);
  const startupMs = server.startupMs;
  const label = `${processes} server ${processes === 1 ? 'process' : 'processes'}`;
  let bare: Awaited<ReturnType<typeof forkServer>> | null = null;
  const db = await openBenchDb(engine, dataDir);
  try {
    const t0 = performance.now();
    const people = await registerWorkers(server.api);
    console.log(
      `\n${label}: started in ${(startupMs / 1000).toFixed(2)} s (until the API answered); memory ${memoryLine(server, processes)}`,
    );
    console.log(`   registered ${people.length} workers in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    bare = await forkServer(path.join(__dirname, 'bareServer.ts'), {
      ...engineEnv(engine),
      BARE_KIND: 'booking',
      WORKERS: String(processes),
      DATA_DIR: dataDir,
    });
    const bareUrl = bare.info.url;

    // 1. The rush, baseline and real server taking turns, each round on slots of its own (day 1 + round).
    const real: Rush[] = [];
    const bareRushes: Rush[] = [];
    for (let r = 0; r < rounds; r++) {
      const [b] = await addSlots(db, `bench_bare${r}_`, 1, 1 + r);
      const bareRush = await rush(`${bareUrl}/bare/bookings`, WORKERS, (i) => ({
        path: '/bare/bookings',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...b, workerId: people[i].workerId }),
      }));
      // The baseline's bookings name real workers: cancelled, so that they do not count as places those workers hold.
      await db.run("UPDATE bookings SET status = 'cancelled', cancelled_by = 'station' WHERE session_id LIKE 'bench_bare%'");
      await db.run("UPDATE slots SET booked = 0 WHERE id LIKE 'bench_bare%'");
      const [a] = await addSlots(db, `bench_rush${r}_`, 1, 1 + r);
      const realRush = await rush(`${server.api}/bookings`, WORKERS, (i) => ({
        path: '/api/v1/bookings',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${people[i].token}`,
          'idempotency-key': `bench-${a.slotId}-${i}`,
        },
        body: JSON.stringify({ slotId: a.slotId }),
      }));
      bareRushes.push(bareRush);
      real.push(realRush);
      const made = realRush.answers.filter((x) => x.status === 201).length;
      const bareMade = bareRush.answers.filter((x) => x.status === 201).length;
      console.log(`   round ${r + 1}: baseline ${bareMade} booked, ${rushLine(bareRush)}`);
      console.log(
        `            POST /bookings ${made} booked, answers ${JSON.stringify(countBy(realRush.answers.map(codeOf)))}, ${rushLine(realRush)}`,
      );
      if (made !== PLACES) checks.push(`${label}: rush made ${made} bookings, expected ${PLACES}`);
      if (bareMade !== PLACES) checks.push(`${label}: the baseline made ${bareMade} bookings, expected ${PLACES}`);
      if (realRush.answers.some((x) => x.status >= 500 || x.status === 0)) checks.push(`${label}: rush had 5xx or lost connections`);
    }
    const pooled = (rs: Rush[]) => rs.flatMap((x) => x.latencies).sort((x, y) => x - y);
    const perS = (rs: Rush[]) => rs.reduce((s, x) => s + x.perS, 0) / rs.length;
    const ratio = perS(real) / perS(bareRushes);
    const p99 = pct(pooled(real), 99);
    console.log(
      `   rush: ${perS(real).toFixed(0)} req/s vs baseline ${perS(bareRushes).toFixed(0)} req/s: ratio ${ratio.toFixed(2)}x; p99 ${p99.toFixed(0)} ms (baseline ${pct(pooled(bareRushes), 99).toFixed(0)} ms; target <= 300 ms: ${verdict(p99 <= 300)})`,
    );
    await stopServer(bare.child);
    bare = null;

    // 2. SIGKILL in the middle of a second rush.
    const crashSlots = (await addSlots(db, 'bench_crash', WORKERS / PLACES, 1 + rounds)).map((x) => x.slotId);
    const slotOf = (i: number) => crashSlots[i % crashSlots.length];
    // Killed once the server has committed KILL_AT bookings (watched in the database: answers reach the
    // client in bursts, so counting answers would kill too late), with the rest in flight or queued.
    const KILL_AT = 300;
    // The watcher is its own process: this one is busy driving 1,000 connections and would notice too late.
    const watcher = spawn(process.execPath, ['-e', KILL_WATCHER], {
      cwd: ROOT,
      env: { ...process.env, DB_FILE: path.join(dataDir, 'yizhan.sqlite'), SERVER_PID: String(server.child.pid), KILL_AT: String(KILL_AT) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve) => watcher.stdout!.once('data', () => resolve()));
    const { answers: second } = await rush(`${server.api}/bookings`, WORKERS, (i) => ({
      path: '/api/v1/bookings',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${people[i].token}`,
        'idempotency-key': `bench-${slotOf(i)}-${i}`,
      },
      body: JSON.stringify({ slotId: slotOf(i) }),
    }));
    watcher.kill('SIGTERM');
    if (server.child.exitCode === null && server.child.signalCode === null) {
      killServer(server.child, 'SIGKILL');
      console.log('   (the rush finished before the kill; killed afterwards)');
    }
    await new Promise<void>((r) =>
      server.child.exitCode !== null || server.child.signalCode !== null ? r() : server.child.once('exit', () => r()),
    );
    const confirmed = second.map((a, i) => ({ a, i })).filter((x) => x.a.status === 201);
    console.log(
      `   crash: SIGKILL after ${KILL_AT} committed bookings of a second rush (1,000 requests over ${crashSlots.length} slots of ${PLACES})`,
    );
    console.log(`   answers the clients got, by code: ${JSON.stringify(countBy(second.map(codeOf)))}`);

    server = await startServer(engine, dataDir, processes);
    let missing = 0;
    await pool(confirmed, 50, async ({ a, i }) => {
      const res = await fetch(`${server.api}/me/bookings`, { headers: { authorization: `Bearer ${people[i].token}` } });
      const body = (await res.json()) as { bookings: { id: string; status: string }[] };
      if (!body.bookings.some((b) => b.id === a.body?.id && b.status === 'booked')) missing++;
    });
    console.log(`   after restart: ${confirmed.length - missing} of ${confirmed.length} confirmed bookings found; missing ${missing}`);
    const [{ n: survived }] = await db.all<{ n: number }>("SELECT COUNT(*) AS n FROM bookings WHERE session_id LIKE 'bench_crash%'");
    console.log(
      `   bookings in the database after restart: ${survived} (${Number(survived) - confirmed.length} committed whose answer the kill cut off)`,
    );
    // The clients whose answer was lost retry with the same key: a booking committed before the kill is answered, not made twice.
    const lost = second.map((a, i) => ({ a, i })).filter((x) => x.a.status === 0);
    const retried = await pool(lost, 50, ({ i }) => book(server.api, people[i].token, slotOf(i), i));
    console.log(`   retries of the ${lost.length} lost requests with their keys, by code: ${JSON.stringify(countBy(retried.map(codeOf)))}`);

    const active = "(SELECT COUNT(*) FROM bookings b WHERE b.slot_id = s.id AND b.status IN ('booked','checked_in'))";
    const [bad] = await db.all<{ n: number }>(`SELECT COUNT(*) AS n FROM slots s WHERE ${active} > s.capacity OR ${active} <> s.booked`);
    const [crashBooked] = await db.all<{ n: number }>(
      `SELECT COALESCE(SUM(${active}), 0) AS n FROM slots s WHERE s.id LIKE 'bench_crash%'`,
    );
    const [twice] = await db.all<{ n: number }>(
      "SELECT COUNT(*) AS n FROM (SELECT worker_id FROM bookings WHERE session_id LIKE 'bench_crash%' GROUP BY worker_id HAVING COUNT(*) > 1) t",
    );
    console.log(
      `   bookings in the crash slots now: ${crashBooked.n} (places ${crashSlots.length * PLACES}); workers booked twice: ${twice.n}`,
    );
    console.log(`   slots over capacity or with a counter that disagrees with their bookings: ${bad.n}`);
    if (missing) checks.push(`${label}: ${missing} confirmed bookings lost`);
    if (Number(bad.n)) checks.push(`${label}: a slot is over capacity or its counter disagrees`);
    if (Number(twice.n)) checks.push(`${label}: a retried request booked twice`);
    if (retried.some((a) => a.status >= 500 || a.status === 0)) checks.push(`${label}: a retry failed`);
    return { processes, real, bare: bareRushes, startupMs, memory: memoryLine(server, processes) };
  } finally {
    if (bare) await stopServer(bare.child);
    await db.close();
    await stopGroup(server.child);
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (prof) for (const line of profileSummary(prof)) console.log(`   ${line}`);
  }
}

async function main(): Promise<void> {
  const engine = benchEngine();
  console.log(machineLine(engine));
  console.log('booking bench: rate limits off; each rush beside its bare baseline (same engine, same rows, same process count)');
  const checks: string[] = [];
  const all: Figures[] = [];
  for (const processes of processCounts()) all.push(await measure(engine, processes, checks));
  if (all.length > 1) {
    const perS = (rs: Rush[]) => rs.reduce((s, x) => s + x.perS, 0) / rs.length;
    const p99 = (rs: Rush[]) =>
      pct(
        rs.flatMap((x) => x.latencies).sort((a, b) => a - b),
        99,
      );
    const best = [...all].sort((a, b) => p99(a.real) - p99(b.real))[0];
    console.log(
      `\nprocess model: ${all.map((f) => `${f.processes}: ${perS(f.real).toFixed(0)} req/s, ratio ${(perS(f.real) / perS(f.bare)).toFixed(2)}, p99 ${p99(f.real).toFixed(0)} ms, start ${(f.startupMs / 1000).toFixed(2)} s`).join('; ')} -> lowest p99 with ${best.processes}`,
    );
  }
  console.log(checks.length ? `\nFAILED: ${checks.join('; ')}` : '\nall checks passed');
  process.exit(checks.length ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
