/**
 * `npm run bench:nearby` (a measurement, not a test): the nearby search at national scale.
 *
 * 1. Index: NearbyIndex over 186,100 synthetic stations (mock/bench/network.ts); build time; 10,000 queries
 *    (1 km, 20 results) timed one by one: p50/p99/mean microseconds.
 * 2. Brute force: an exact haversine scan over the same points for a subset of the same queries; the ratio of
 *    the scan's mean time to the index's (over all 10,000 queries), and a check that both give the same
 *    stations in the same order.
 * 3. HTTP: the real server as `npm start` runs it (a cluster of WORKERS processes, default the CPU count;
 *    RATE_LIMIT=off; national index) under autocannon on loopback, after a warm-up (every query once, then 5 s of load): requests/s and p99 latency, plus the bytes of a typical
 *    response plain and gzipped (3G budget).
 *
 * Targets (issue 5): <= 20 us/query, >= 200x the scan, >= 5,000 req/s with p99 < 20 ms.
 * Environment: BENCH_DURATION_S (default 10), BENCH_CONNECTIONS (default 10).
 */
import { fork } from 'child_process';
import http from 'http';
import os from 'os';
import path from 'path';
import zlib from 'zlib';
import autocannon from 'autocannon';
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

async function benchHttp(queries: LatLng[]) {
  const child = fork(path.join(__dirname, 'nearbyServer.ts'), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const { url, workers } = await new Promise<{ url: string; workers: number }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { url: string; workers: number }));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  try {
    const api = `${url}/api/v1/stations/nearby`;
    const typical = `${api}?lat=${TAIYUAN_WUYI_SQUARE.lat}&lng=${TAIYUAN_WUYI_SQUARE.lng}`;
    const plain = await rawGet(typical, 'identity');
    const gzip = await rawGet(typical, 'gzip');
    const stationsInTypical = (JSON.parse(plain.body.toString('utf8')) as { stations: unknown[] }).stations.length;
    if (gzip.encoding !== 'gzip') throw new Error(`expected a gzipped response, got ${gzip.encoding}`);
    zlib.gunzipSync(gzip.body); // a broken stream would throw here

    const paths = queries.slice(0, 2000).map((q) => `/api/v1/stations/nearby?lat=${q.lat.toFixed(6)}&lng=${q.lng.toFixed(6)}`);
    let next = 0;
    const duration = Number(process.env.BENCH_DURATION_S ?? 10);
    const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);
    const run = async (encoding: string, seconds: number) =>
      autocannon({
        url,
        connections,
        duration: seconds,
        headers: { 'accept-encoding': encoding },
        requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length] }) }],
      });
    // Warm-up: every query once (JIT, and the open state and bytes of the stations they touch), then 5 s under
    // load, so the measured runs see the steady state of a server that has been up, not its first seconds.
    for (const p of paths) await rawGet(`${url}${p}`, 'gzip');
    await run('gzip', 5);
    const gz = await run('gzip', duration);
    const br = await run('gzip, deflate, br', duration);
    return { plain, gzip, stationsInTypical, gz, br, connections, duration, workers };
  } finally {
    child.disconnect();
  }
}

async function main(): Promise<void> {
  const say = (line: string): void => void process.stdout.write(`${line}\n`);
  const t0 = process.hrtime.bigint();
  const stations = nationalNetwork();
  const genMs = us(t0) / 1000;
  const queries = queryPoints(QUERIES);
  // Other work on the machine skews every figure below; the load average says how much there was.
  say(`machine: ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}, node ${process.version}`);
  say(`nearby bench: ${stations.length.toLocaleString('en')} synthetic stations (generated in ${f1(genMs)} ms), ${QUERIES.toLocaleString('en')} queries, radius ${RADIUS_M} m, limit ${LIMIT}`);

  const ix = benchIndex(stations, queries);
  // Against the index's mean over all 10,000 queries (drawn like the scan's): one pause among 300 timings of a
  // 5 us query moved the ratio by 4x, and repeating a query to time it again would measure a warm cache.
  const ratio = ix.scanMeanUs / ix.meanUs;
  say(`index build (median of 5)      ${f1(ix.buildMs)} ms`);
  say(`index query p50 / p99 / mean   ${f1(ix.p50)} / ${f1(ix.p99)} / ${f1(ix.meanUs)} us   (target <= 20 us; ${f1(ix.meanFound)} stations per answer on average)`);
  say(`brute-force haversine scan     ${f1(ix.scanMeanUs / 1000)} ms/query over ${SCAN_QUERIES} of the same queries`);
  say(`speed-up over the scan         ${Math.round(ratio)}x   (target >= 200x; answers differing from the scan: ${ix.mismatches})`);

  const web = await benchHttp(queries);
  const errors = (r: autocannon.Result): number => r.errors + r.timeouts + r.non2xx;
  say(`HTTP gzip                      ${Math.round(web.gz.requests.average)} req/s, p50 ${web.gz.latency.p50} ms, p99 ${web.gz.latency.p99} ms, errors ${errors(web.gz)}   (${web.workers} server processes, ${web.connections} connections, ${web.duration} s; target >= 5,000 req/s, p99 < 20 ms)`);
  say(`HTTP gzip, deflate, br         ${Math.round(web.br.requests.average)} req/s, p50 ${web.br.latency.p50} ms, p99 ${web.br.latency.p99} ms, errors ${errors(web.br)}`);
  say(`typical answer (五一广场, ${web.stationsInTypical} stations)  ${web.plain.bytes} B plain, ${web.gzip.bytes} B gzipped`);
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
