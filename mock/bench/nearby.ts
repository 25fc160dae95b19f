/**
 * `npm run bench:nearby` (a measurement, not a test): the nearby search at national scale.
 *
 * 1. Index: NearbyIndex over 186,100 synthetic stations (mock/bench/network.ts); build time; 10,000 queries
 *    (1 km, 20 results) timed one by one: p50/p99/mean microseconds.
 * 2. Brute force: an exact haversine scan over the same points for a subset of the same queries; the ratio of
 *    the scan's mean time to the index's (over all 10,000 queries), and a check that both give the same
 *    stations in the same order.
 * 3. HTTP, once per server process count (`--processes=1,2`, default both; support.ts): the real server as
 *    `npm start` runs it (WORKERS processes; RATE_LIMIT=off; national index in every process; its start-up time
 *    and resident memory per process printed) under autocannon on loopback, beside the bare baseline
 *    (bareServer.ts, BARE_KIND=nearby: a bare Fastify route answering the same gzipped bytes the real server gave
 *    for each URL, same process count). After a warm-up (every query once, then 5 s of load, and 2 s of the
 *    baseline) they take turns, BENCH_ROUNDS rounds of BENCH_DURATION_S seconds each: requests/s of both, the
 *    ratio, p50/p99 over every request; plus the bytes of a typical response plain and gzipped (3G budget).
 *
 * Targets (issue 5, issue 12): <= 20 us/query, >= 200x the scan, HTTP >= 0.6x the bare route with p99 <= 20 ms.
 * Environment: BENCH_DURATION_S (default 5), BENCH_ROUNDS (default 2), BENCH_CONNECTIONS (default 10).
 * `--prof`: CPU profile of the real server, summarised.
 */
import fs from 'fs';
import http from 'http';
import os from 'os';
import path from 'path';
import zlib from 'zlib';
import {
  benchEngine,
  childPids,
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
  rssMb,
  stopServer,
  verdict,
  type Load,
} from './support';
import { NearbyIndex } from '../src/features/stations';
import { haversineM, type LatLng } from '@/rules/geo';
import { nationalNetwork, queryPoints } from './network';
import type { Station } from '../src/features/stations';

const RADIUS_M = 1000;
const LIMIT = 20;
const QUERIES = 10_000;
const SCAN_QUERIES = 300;
/** Seed of the warm-up queries (the measured ones use queryPoints' default). */
const WARM_UP_SEED = 20_261_130;
const TAIYUAN_WUYI_SQUARE = { lat: 37.861604, lng: 112.57417 };

const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
const us = (t0: bigint): number => Number(process.hrtime.bigint() - t0) / 1000;
const f1 = (x: number): string => x.toFixed(1);

/** The exact answer by scanning every point: within the radius, nearest first, at most `limit`. */
function scan(points: Station[], center: LatLng): { id: string; d: number }[] {
  const hits: { id: string; d: number }[] = [];
  for (const s of points) {
    const d = haversineM(center, s);
    if (d <= RADIUS_M) hits.push({ id: s.id, d });
  }
  return hits.sort((a, b) => a.d - b.d).slice(0, LIMIT);
}

function benchIndex(stations: Station[], queries: LatLng[]) {
  const index = new NearbyIndex<Station>();
  const points = stations.map((s) => ({ lat: s.lat, lng: s.lng, item: s }));
  const builds: number[] = [];
  for (let k = 0; k < 5; k++) {
    const t0 = process.hrtime.bigint();
    index.rebuild(points);
    builds.push(us(t0) / 1000);
  }
  // Steady state, as in a server that has been up: the garbage of the five builds collected (node --expose-gc),
  // then 10,000 other queries for the JIT. Other places, so the measured queries find no data of theirs cached.
  (globalThis as { gc?: () => void }).gc?.();
  for (const q of queryPoints(QUERIES, WARM_UP_SEED)) index.within(q, RADIUS_M, LIMIT);
  const times: number[] = [];
  let found = 0;
  for (const q of queries) {
    const t0 = process.hrtime.bigint();
    found += index.within(q, RADIUS_M, LIMIT).length;
    times.push(us(t0));
  }
  const sorted = [...times].sort((a, b) => a - b);

  const scanTimes: number[] = [];
  let mismatches = 0;
  for (const q of queries.slice(0, SCAN_QUERIES)) {
    const t0 = process.hrtime.bigint();
    const exact = scan(stations, q);
    scanTimes.push(us(t0));
    const got = index.within(q, RADIUS_M, LIMIT).map((h) => h.item.id);
    if (got.join() !== exact.map((h) => h.id).join()) mismatches++;
  }
  return {
    buildMs: [...builds].sort((a, b) => a - b)[2],
    p50: pct(sorted, 50),
    p99: pct(sorted, 99),
    meanUs: mean(times),
    meanFound: found / queries.length,
    scanMeanUs: mean(scanTimes),
    mismatches,
  };
}

/** GET `url` with the given Accept-Encoding; the raw bytes on the wire (not decompressed). */
function rawGet(url: string, encoding: string): Promise<{ bytes: number; encoding: string | undefined; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'accept-encoding': encoding } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({ bytes: body.length, encoding: res.headers['content-encoding'], body });
        });
      })
      .on('error', reject);
  });
}

interface NearbyServerInfo {
  url: string;
  workers: number;
  startupMs: number;
}

interface HttpFigures {
  processes: number;
  real: Load;
  bare: Load;
  startupMs: number;
  memoryMb: number[];
}

async function benchHttp(queries: LatLng[], processes: number, say: (line: string) => void): Promise<HttpFigures> {
  const prof = profileDir(`nearby-${processes}`);
  const real = await forkServer<NearbyServerInfo>(
    path.join(__dirname, 'nearbyServer.ts'),
    { ...engineEnv(benchEngine()), WORKERS: String(processes) },
    profArgs(prof),
  );
  let bare: Awaited<ReturnType<typeof forkServer>> | null = null;
  const answers = path.join(os.tmpdir(), `yizhan-bench-nearby-${process.pid}-${processes}.json`);
  try {
    const { url } = real.info;
    const api = `${url}/api/v1/stations/nearby`;
    const typical = `${api}?lat=${TAIYUAN_WUYI_SQUARE.lat}&lng=${TAIYUAN_WUYI_SQUARE.lng}`;
    const plain = await rawGet(typical, 'identity');
    const gzip = await rawGet(typical, 'gzip');
    const stationsInTypical = (JSON.parse(plain.body.toString('utf8')) as { stations: unknown[] }).stations.length;
    if (gzip.encoding !== 'gzip') throw new Error(`expected a gzipped response, got ${gzip.encoding}`);
    zlib.gunzipSync(gzip.body); // a broken stream would throw here

    const paths = queries.slice(0, 2000).map((q) => `/api/v1/stations/nearby?lat=${q.lat.toFixed(6)}&lng=${q.lng.toFixed(6)}`);
    // Warm-up: every query once (JIT, and the open state and bytes of the stations they touch); the gzipped
    // answers it gets are what the bare route sends back.
    // (Answers under the server's 1 KB compression threshold come plain, and the baseline sends them plain.)
    const bodies: Record<string, { encoding: string | null; body: string }> = {};
    for (const p of paths) {
      const r = await rawGet(`${url}${p}`, 'gzip');
      bodies[p] = { encoding: r.encoding ?? null, body: r.body.toString('base64') };
    }
    fs.writeFileSync(answers, JSON.stringify(bodies));
    bare = await forkServer(path.join(__dirname, 'bareServer.ts'), {
      BARE_KIND: 'nearby',
      WORKERS: String(processes),
      BARE_NEARBY_FILE: answers,
    });
    const bareUrl = bare.info.url;

    let next = 0;
    const duration = num(process.env.BENCH_DURATION_S, 5);
    const rounds = num(process.env.BENCH_ROUNDS, 2);
    const connections = num(process.env.BENCH_CONNECTIONS, 10);
    const run = async (target: 'real' | 'bare', seconds: number) =>
      load({
        url: target === 'real' ? url : bareUrl,
        connections,
        duration: seconds,
        headers: { 'accept-encoding': 'gzip' },
        requests: [
          {
            method: 'GET',
            setupRequest: (req) => {
              const p = paths[next++ % paths.length];
              return { ...req, path: target === 'real' ? p : p.replace('/api/v1/stations/nearby', '/bare/nearby') };
            },
          },
        ],
      });
    // Then under load, so the measured runs see the steady state of a server that has been up, not its first seconds.
    await run('real', 5);
    await run('bare', 2);
    const realRuns: Load[] = [];
    const bareRuns: Load[] = [];
    for (let r = 0; r < rounds; r++) {
      bareRuns.push(await run('bare', duration));
      realRuns.push(await run('real', duration));
    }
    const pids = processes === 1 ? [real.child.pid!] : childPids(real.child.pid!);
    const memoryMb = pids.map(rssMb).filter((x): x is number => x !== null);
    const f: HttpFigures = { processes, real: merge(realRuns), bare: merge(bareRuns), startupMs: real.info.startupMs, memoryMb };
    const ratio = rate(f.real) / rate(f.bare);
    say(
      `\n${processes} server ${processes === 1 ? 'process' : 'processes'} (national index in each): started in ${(f.startupMs / 1000).toFixed(2)} s; resident memory ${memoryMb.map((x) => x.toFixed(0)).join(' + ')} MB after the load`,
    );
    say(
      `  baseline (bare Fastify, the same gzipped bytes)  ${Math.round(rate(f.bare))} req/s   ${latencyLine(f.bare)}   errors ${f.bare.other}`,
    );
    say(
      `  GET /stations/nearby, gzip                       ${Math.round(rate(f.real))} req/s   ${latencyLine(f.real)}   errors ${f.real.other}   (${connections} connections, ${rounds} x ${duration} s each, taking turns)`,
    );
    say(
      `  ratio ${ratio.toFixed(2)}x the baseline (target >= 0.6x: ${verdict(ratio >= 0.6)}); p99 ${p99(f.real).toFixed(1)} ms (target <= 20 ms: ${verdict(p99(f.real) <= 20)})`,
    );
    say(`  typical answer (五一广场, ${stationsInTypical} stations)  ${plain.bytes} B plain, ${gzip.bytes} B gzipped`);
    return f;
  } finally {
    if (bare) await stopServer(bare.child);
    await stopServer(real.child);
    fs.rmSync(answers, { force: true });
    if (prof) for (const line of profileSummary(prof)) say(`  ${line}`);
  }
}

async function main(): Promise<void> {
  const say = (line: string): void => void process.stdout.write(`${line}\n`);
  const t0 = process.hrtime.bigint();
  const stations = nationalNetwork();
  const genMs = us(t0) / 1000;
  const queries = queryPoints(QUERIES);
  // Other work on the machine skews every figure below; the load average says how much there was.
  say(machineLine(benchEngine()));
  say(
    `nearby bench: ${stations.length.toLocaleString('en')} synthetic stations (generated in ${f1(genMs)} ms), ${QUERIES.toLocaleString('en')} queries, radius ${RADIUS_M} m, limit ${LIMIT}`,
  );

  const ix = benchIndex(stations, queries);
  // Against the index's mean over all 10,000 queries (drawn like the scan's): one pause among 300 timings of a
  // 5 us query moved the ratio by 4x, and repeating a query to time it again would measure a warm cache.
  const ratio = ix.scanMeanUs / ix.meanUs;
  say(`index build (median of 5)      ${f1(ix.buildMs)} ms`);
  say(
    `index query p50 / p99 / mean   ${f1(ix.p50)} / ${f1(ix.p99)} / ${f1(ix.meanUs)} us   (target <= 20 us; ${f1(ix.meanFound)} stations per answer on average)`,
  );
  say(`brute-force haversine scan     ${f1(ix.scanMeanUs / 1000)} ms/query over ${SCAN_QUERIES} of the same queries`);
  say(`speed-up over the scan         ${Math.round(ratio)}x   (target >= 200x; answers differing from the scan: ${ix.mismatches})`);

  const all: HttpFigures[] = [];
  for (const processes of processCounts()) all.push(await benchHttp(queries, processes, say));
  if (all.length > 1) {
    const best = [...all].sort((a, b) => rate(b.real) - rate(a.real))[0];
    say(
      `\nprocess model: ${all.map((f) => `${f.processes}: ${Math.round(rate(f.real))} req/s, ratio ${(rate(f.real) / rate(f.bare)).toFixed(2)}, p99 ${p99(f.real).toFixed(1)} ms`).join('; ')} -> most req/s with ${best.processes}`,
    );
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
