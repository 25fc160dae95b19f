/**
 * `npm run bench:unlock` (a measurement, not a test): door unlocks per second and their latency through the
 * real server and the real store, rate limits off, each beside its bare baseline measured in the same run.
 *
 * For each server process count (`--processes=1,2`, default both; support.ts) the real server runs in a child
 * process (this file again, BENCH_ROLE=server; benchCluster.ts runs it as `npm start` would), and beside it the
 * bare baseline (bareServer.ts, BARE_KIND=unlock: a bare Fastify route writing the same two rows, an entry and
 * its grant, in one transaction on the same database, with the same process count). The parent registers
 * BENCH_WORKERS workers over HTTP, then autocannon posts, on BENCH_CONNECTIONS connections, POST /doors/unlock
 * with printed codes of the smart stations' doors and a location at the station (every request a full unlock:
 * session lookup, MAC check, location-consent lookup, distance check, entry and grant in one transaction, one log
 * line), and to the baseline the same worker's, door's and station's ids. After a 2 s warm-up of each, baseline
 * and real server take turns (BENCH_ROUNDS rounds of BENCH_DURATION_S seconds each), so that a machine busy with
 * other work slows both alike; the figures pool the rounds (percentiles over every request).
 *
 * Prints per process count: unlocks/s, the baseline's writes/s, the ratio, p50/p99/max of both; then which count
 * did better. Targets (issue 12): >= 0.6x the baseline, p99 <= 20 ms. `--prof` writes V8 CPU profiles of the real
 * server (BENCH_PROF_DIR or a temp folder) and prints where its busy time went. `--pg` / DATABASE_URL: PostgreSQL.
 */
import path from 'path';
import type { Config } from '../src/core/config';
import { serveBenchCluster } from './benchCluster';
import { openDatabase } from '../src/core/db/database';
import { deriveKeys, loadMasterKey } from '../src/core/keys';
import { allStations, doorsOfStation } from '../src/features/stations';
import { printedDoorCode } from '../src/features/doors';
import { idNumberCheckChar } from '@/rules/idNumber';
import { PRIVACY_POLICY_VERSION } from '@/rules/privacy';
import {
  benchEngine,
  engineEnv,
  forkServer,
  latencyLine,
  load,
  machineLine,
  merge,
  num,
  p99,
  processCounts,
  profArgs,
  profileDir,
  profileSummary,
  rate,
  stopServer,
  verdict,
  type Load,
} from './support';

interface Target {
  code: string;
  doorId: string;
  stationId: string;
  lat: number;
  lng: number;
}

/** Printed codes of every door of the smart stations, each with its station's position (GCJ-02). */
async function doorTargets(config: Config): Promise<Target[]> {
  const { db, close } = openDatabase(config.dataDir);
  const keys = deriveKeys(loadMasterKey(config.dataDir, null));
  const targets: Target[] = [];
  for (const s of (await allStations(db)).filter((x) => x.smart)) {
    for (const d of await doorsOfStation(db, s.id))
      targets.push({ code: printedDoorCode(keys, config.doorHost, d.id), doorId: d.id, stationId: s.id, lat: s.lat, lng: s.lng });
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

/** Registers `n` made-up workers (identity numbers 迎泽区 140106, born 1990-01-01, sequence 000..): tokens and worker ids. */
async function workers(api: string, n: number): Promise<{ token: string; workerId: string }[]> {
  const tokens: { token: string; workerId: string }[] = [];
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
    tokens.push({ token, workerId: ((r.json.worker ?? r.json) as { id: string }).id });
  }
  return tokens;
}

interface ServerInfo {
  url: string;
  workers: number;
  dataDir: string;
  targets: Target[];
}

interface Measured {
  processes: number;
  real: Load;
  bare: Load;
}

/** One process count: the real server and its baseline side by side, taking turns. */
async function measure(processes: number, say: (line: string) => void): Promise<Measured> {
  const duration = num(process.env.BENCH_DURATION_S, 5);
  const rounds = num(process.env.BENCH_ROUNDS, 2);
  const connections = num(process.env.BENCH_CONNECTIONS, 10);
  const people = num(process.env.BENCH_WORKERS, 50);
  const engine = benchEngine();
  const prof = profileDir(`unlock-${processes}`);
  const real = await forkServer<ServerInfo>(
    __filename,
    { ...engineEnv(engine), BENCH_ROLE: 'server', WORKERS: String(processes) },
    profArgs(prof),
  );
  let bare: Awaited<ReturnType<typeof forkServer>> | null = null;
  try {
    const { url, targets, dataDir } = real.info;
    bare = await forkServer(path.join(__dirname, 'bareServer.ts'), {
      ...engineEnv(engine),
      BARE_KIND: 'unlock',
      WORKERS: String(processes),
      DATA_DIR: dataDir,
    });
    const people_ = await workers(`${url}/api/v1`, people);
    // Worker i always uses door i mod doors: a worker at their station, as in real use; the baseline writes the same rows.
    const bodies = people_.map((w, i) => {
      const t = targets[i % targets.length];
      return {
        token: w.token,
        real: JSON.stringify({ code: t.code, location: { lat: t.lat, lng: t.lng, coord: 'gcj02', accuracyM: 20 } }),
        bare: JSON.stringify({ workerId: w.workerId, doorId: t.doorId, stationId: t.stationId }),
      };
    });
    let next = 0;
    const run = (target: 'real' | 'bare', seconds: number) =>
      load({
        url: target === 'real' ? url : bare!.info.url,
        connections,
        duration: seconds,
        requests: [
          {
            method: 'POST',
            path: target === 'real' ? '/api/v1/doors/unlock' : '/bare/unlock',
            setupRequest: (req) => {
              const b = bodies[next++ % bodies.length];
              const auth = target === 'real' ? { authorization: `Bearer ${b.token}` } : {};
              return { ...req, headers: { 'content-type': 'application/json', ...auth }, body: b[target] };
            },
          },
        ],
      });
    await run('bare', 2); // warm-up: JIT, SQLite page cache
    await run('real', 2);
    const realRuns: Load[] = [];
    const bareRuns: Load[] = [];
    for (let r = 0; r < rounds; r++) {
      bareRuns.push(await run('bare', duration));
      realRuns.push(await run('real', duration));
    }
    const m = { processes, real: merge(realRuns), bare: merge(bareRuns) };
    const ratio = rate(m.real) / rate(m.bare);
    say(
      `\n${processes} server ${processes === 1 ? 'process' : 'processes'}: ${people} workers, ${targets.length} doors, ${connections} connections, ${rounds} x ${duration} s each, taking turns`,
    );
    say(
      `  baseline (bare Fastify, entry + grant in one transaction)  ${Math.round(rate(m.bare))} writes/s   ${latencyLine(m.bare)}   other answers ${m.bare.other}`,
    );
    say(
      `  unlock (POST /doors/unlock)                                ${Math.round(rate(m.real))} unlocks/s  ${latencyLine(m.real)}   other answers ${m.real.other}`,
    );
    say(
      `  ratio ${ratio.toFixed(2)}x the baseline (target >= 0.6x: ${verdict(ratio >= 0.6)}); p99 ${p99(m.real).toFixed(1)} ms (target <= 20 ms: ${verdict(p99(m.real) <= 20)})`,
    );
    if (m.real.other > 0 || m.bare.other > 0) process.exitCode = 1;
    return m;
  } finally {
    if (bare) await stopServer(bare.child);
    await stopServer(real.child);
    if (prof) for (const line of profileSummary(prof)) say(`  ${line}`);
  }
}

async function main(): Promise<void> {
  const say = (line: string): void => void process.stdout.write(`${line}\n`);
  say(machineLine(benchEngine()));
  say('unlock bench: rate limits off; figure beside its bare baseline, same engine, same rows, same process count');
  const all: Measured[] = [];
  for (const processes of processCounts()) all.push(await measure(processes, say));
  if (all.length > 1) {
    const best = [...all].sort((a, b) => rate(b.real) - rate(a.real))[0];
    say(
      `\nprocess model: ${all.map((m) => `${m.processes}: ${Math.round(rate(m.real))} unlocks/s, ratio ${(rate(m.real) / rate(m.bare)).toFixed(2)}, p99 ${p99(m.real).toFixed(1)} ms`).join('; ')} -> most unlocks/s with ${best.processes}`,
    );
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
