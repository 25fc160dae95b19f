/**
 * `npm run bench:unlock` (a measurement, not a test): door unlocks per second and their latency through the
 * real server and the real SQLite store (WAL, synchronous=NORMAL), with rate limits off.
 *
 * The server runs in a child process (this file again, BENCH_ROLE=server; a cluster of WORKERS processes, as
 * `npm start` runs it) so the load generator does not share its event loop. It gets a fresh data folder; the parent registers BENCH_WORKERS workers over HTTP, then
 * autocannon posts POST /doors/unlock with printed codes of the smart stations' doors and a location at the
 * station, rotating over workers and doors, for BENCH_DURATION_S seconds on BENCH_CONNECTIONS connections after
 * a 2 s warm-up. Every request is a full unlock: session lookup, MAC check, location-consent lookup, distance
 * check, entry and grant written in one transaction, one log line.
 *
 * Target (issue 4): >= 1,000 unlocks/s with p99 < 20 ms. BENCH_PROF_DIR=<dir> writes a V8 CPU profile of the
 * server there (open it in Chrome DevTools).
 */
import { fork } from 'child_process';
import autocannon from 'autocannon';
import type { Config } from '../src/core/config';
import { serveBenchCluster } from './benchCluster';
import { openDatabase } from '../src/core/db/database';
import { deriveKeys, loadMasterKey } from '../src/core/keys';
import { allStations, doorsOfStation } from '../src/features/stations';
import { printedDoorCode } from '../src/features/doors';
import { idNumberCheckChar } from '@/rules/idNumber';
import { PRIVACY_POLICY_VERSION } from '@/rules/privacy';

interface Target {
  code: string;
  lat: number;
  lng: number;
}

const num = (v: string | undefined, dflt: number): number => (v && Number(v) > 0 ? Number(v) : dflt);

/** Printed codes of every door of the smart stations, each with its station's position (GCJ-02). */
async function doorTargets(config: Config): Promise<Target[]> {
  const { db, close } = openDatabase(config.dataDir);
  const keys = deriveKeys(loadMasterKey(config.dataDir, null));
  const targets: Target[] = [];
  for (const s of (await allStations(db)).filter((x) => x.smart)) {
    for (const d of await doorsOfStation(db, s.id)) targets.push({ code: printedDoorCode(keys, config.doorHost, d.id), lat: s.lat, lng: s.lng });
  }
  await close();
  return targets;
}

async function post(url: string, body: unknown, token?: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** Registers `n` made-up workers (identity numbers 迎泽区 140106, born 1990-01-01, sequence 000..). */
async function workers(api: string, n: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < n; i++) {
    const session = await post(`${api}/sessions`, { deviceId: `bench-unlock-${String(i).padStart(4, '0')}`.padEnd(32, '0') });
    const token = session.json.token as string;
    const body17 = `14010619900101${String(i).padStart(3, '0')}`;
    const r = await post(
      `${api}/workers`,
      {
        name: '测试职工',
        idNumber: `${body17}${idNumberCheckChar(body17)}`,
        phone: `139${String(10_000_000 + i).slice(-8)}`,
        occupation: 'sanitation',
        consent: { privacyPolicyVersion: PRIVACY_POLICY_VERSION, sensitiveInfo: true },
      },
      token,
    );
    if (r.status !== 201) throw new Error(`registering worker ${i}: HTTP ${r.status} ${JSON.stringify(r.json)}`);
    // Without consent to precise location the server ignores the location and skips the distance check.
    const c = await post(`${api}/me/consents`, { kind: 'location', version: PRIVACY_POLICY_VERSION }, token);
    if (c.status !== 201) throw new Error(`location consent of worker ${i}: HTTP ${c.status}`);
    tokens.push(token);
  }
  return tokens;
}

async function main(): Promise<void> {
  const say = (line: string): void => void process.stdout.write(`${line}\n`);
  const duration = num(process.env.BENCH_DURATION_S, 10);
  const connections = num(process.env.BENCH_CONNECTIONS, 10);
  const workerCount = num(process.env.BENCH_WORKERS, 50);
  const profDir = process.env.BENCH_PROF_DIR;
  const child = fork(__filename, [], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: { ...process.env, BENCH_ROLE: 'server' },
    execArgv: [...process.execArgv, ...(profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [])],
  });
  const { url, targets, workers: processes } = await new Promise<{ url: string; targets: Target[]; workers: number }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { url: string; targets: Target[]; workers: number }));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  try {
    const api = `${url}/api/v1`;
    const tokens = await workers(api, workerCount);
    // Worker i always uses door i mod doors: a worker at their station, as in real use.
    const bodies = tokens.map((_, i) => {
      const t = targets[i % targets.length];
      return JSON.stringify({ code: t.code, location: { lat: t.lat, lng: t.lng, coord: 'gcj02', accuracyM: 20 } });
    });
    let next = 0;
    const run = (seconds: number) =>
      autocannon({
        url,
        connections,
        duration: seconds,
        requests: [
          {
            method: 'POST',
            path: '/api/v1/doors/unlock',
            setupRequest: (req) => {
              const i = next++ % tokens.length;
              return { ...req, headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[i]}` }, body: bodies[i] };
            },
          },
        ],
      });
    await run(2); // warm-up: JIT, SQLite page cache
    const r = await run(duration);
    const ok = r['2xx'];
    const failed = r.non2xx + r.errors + r.timeouts;
    say(`unlock bench: ${processes} server processes, ${workerCount} workers, ${targets.length} doors of smart stations, ${connections} connections, ${duration} s, rate limits off, real SQLite (WAL)`);
    say(`unlocks/s    ${Math.round(ok / r.duration)}   target >= 1,000`);
    say(`latency      p50 ${r.latency.p50} ms, p90 ${r.latency.p90} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms   target p99 < 20 ms`);
    say(`answers      ${ok} granted (201), ${failed} other (non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts})`);
    if (failed > 0) process.exitCode = 1;
  } finally {
    child.disconnect();
  }
}

// The child: the server as `npm start` runs it (benchCluster.ts); its message carries the door targets.
if (process.env.BENCH_ROLE === 'server') {
  serveBenchCluster({ folderPrefix: 'yizhan-bench-unlock-', describe: async (config) => ({ targets: await doorTargets(config) }) });
} else {
  main().catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
