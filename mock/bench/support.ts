/**
 * What the benchmarks share: the engine they run on, the server process counts they compare, latencies counted
 * request by request, the figure-beside-baseline lines, and a summary of a server's CPU profile.
 *
 * Engine: SQLite (a fresh data folder per server) unless `--pg` is given or DATABASE_URL is set; then the server
 * and the bare baseline both get DATABASE_URL (PostgreSQL; the server side arrives with the PostgreSQL port).
 * Processes: `--processes=1,2` (or BENCH_PROCESSES) runs every measurement once per server process count, each
 * with its own baseline on the same count, so that the process model is chosen by figures from one run.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import autocannon from 'autocannon';

export type EngineName = 'sqlite' | 'postgresql';

export interface Engine {
  name: EngineName;
  /** postgres://... for PostgreSQL; null on SQLite (each server gets a fresh DATA_DIR). */
  databaseUrl: string | null;
  /** The engine for the heading line. */
  label: string;
}

const flag = (name: string): string | undefined => {
  const hit = process.argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  return hit === undefined ? undefined : hit.includes('=') ? hit.slice(hit.indexOf('=') + 1) : '';
};

/** The engine of this run: `--pg` or DATABASE_URL select PostgreSQL, else SQLite (WAL, synchronous=NORMAL). */
export function benchEngine(): Engine {
  const url = process.env.DATABASE_URL || (flag('pg') !== undefined ? 'postgres://postgres@127.0.0.1:5432/yizhan_bench' : '');
  if (url) return { name: 'postgresql', databaseUrl: url, label: `PostgreSQL (${url.replace(/\/\/[^@]*@/, '//')})` };
  return { name: 'sqlite', databaseUrl: null, label: 'SQLite (WAL, synchronous=NORMAL)' };
}

/** The environment a server child gets for `engine` (DATABASE_URL only on PostgreSQL). */
export const engineEnv = (engine: Engine): NodeJS.ProcessEnv => (engine.databaseUrl ? { DATABASE_URL: engine.databaseUrl } : {});

/** Server process counts to measure: `--processes=1,2`, BENCH_PROCESSES, default 1 and 2. */
export function processCounts(): number[] {
  const raw = flag('processes') ?? process.env.BENCH_PROCESSES ?? '1,2';
  const counts = raw.split(',').map((x) => Number(x.trim()));
  if (counts.length === 0 || counts.some((n) => !Number.isInteger(n) || n < 1 || n > 64))
    throw new Error(`--processes wants counts such as 1,2, not "${raw}"`);
  return counts;
}

let profRoot: string | null | undefined;

/**
 * `--prof`: where the V8 CPU profiles of the real server's processes go (under BENCH_PROF_DIR or a temp folder,
 * one folder per `part`, e.g. the process count), to be summarised by profileSummary; null without `--prof`.
 */
export function profileDir(part: string): string | null {
  if (profRoot === undefined) {
    const asked = flag('prof') !== undefined || Boolean(process.env.BENCH_PROF_DIR);
    profRoot = asked ? process.env.BENCH_PROF_DIR || fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-prof-')) : null;
  }
  if (!profRoot) return null;
  const dir = path.join(profRoot, part);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Node flags that make a server process write its CPU profile into `dir` at exit. */
export const profArgs = (dir: string | null): string[] => (dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : []);

export const num = (v: string | undefined, dflt: number): number => (v && Number(v) > 0 ? Number(v) : dflt);

/** The p-th percentile (0-100) of ascending `sorted`. */
export const pct = (sorted: number[], p: number): number =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;

/** Answers of a load run, request by request. */
export interface Load {
  ok: number;
  other: number;
  seconds: number;
  /** Milliseconds, one per answered request. */
  latencies: number[];
}

/** Merges runs: answers and time add up, latencies are pooled (so percentiles are over every request). */
export function merge(runs: Load[]): Load {
  return {
    ok: runs.reduce((a, r) => a + r.ok, 0),
    other: runs.reduce((a, r) => a + r.other, 0),
    seconds: runs.reduce((a, r) => a + r.seconds, 0),
    latencies: runs.flatMap((r) => r.latencies),
  };
}

/** Runs autocannon with `opts` and records every answer's latency (its own histogram keeps only summary figures). */
export async function load(opts: autocannon.Options, okStatus: (status: number) => boolean = (s) => s < 300): Promise<Load> {
  const latencies: number[] = [];
  let ok = 0;
  let other = 0;
  // autocannon's instance is a promise of the result and an EventEmitter of each response (its typings show one).
  const instance = autocannon(opts) as unknown as Promise<autocannon.Result> & import('events').EventEmitter;
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    latencies.push(ms);
    if (okStatus(status)) ok++;
    else other++;
  });
  const r = await instance;
  return { ok, other: other + r.errors + r.timeouts, seconds: r.duration, latencies };
}

/** Requests/s of a load. */
export const rate = (l: Load): number => l.ok / l.seconds;

/** "p50 a ms, p99 b ms, max c ms" of a load. */
export function latencyLine(l: Load): string {
  const s = [...l.latencies].sort((a, b) => a - b);
  const f = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
  return `p50 ${f(pct(s, 50))} ms, p99 ${f(pct(s, 99))} ms, max ${f(s[s.length - 1] ?? NaN)} ms`;
}

export const p99 = (l: Load): number =>
  pct(
    [...l.latencies].sort((a, b) => a - b),
    99,
  );

/** `verdict(true)` -> "met", else "NOT met". */
export const verdict = (ok: boolean): string => (ok ? 'met' : 'NOT met');

/** Heading facts every benchmark prints first: the machine and how loaded it was. */
export function machineLine(engine: Engine): string {
  return `machine: ${os.cpus().length} cores, load average ${os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}, node ${process.version}; engine ${engine.label}`;
}

/** Resident set size (MB) of a process, from /proc (Linux); null elsewhere or when it is gone. */
export function rssMb(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** The ids of the children of `pid` (Linux /proc), for the memory of a cluster's workers. */
export function childPids(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}

/** Where code lives, for a summary: the npm package, the file under mock/ or src/rules, or a native/VM bucket. */
function placeOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : `native ${fn}`;
  const m = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  const own = /\/(mock\/[^?]*|src\/rules\/[^?]*)/.exec(url);
  if (own) return own[1];
  return url.startsWith('node:') ? url : path.basename(url);
}

/**
 * The busiest server profile in `dir` (V8 .cpuprofile): the share of busy (non-idle) time by package or file, and
 * the functions with the most time of their own, as lines. Native work a JS function calls (SQLite inside
 * better-sqlite3, a socket write) counts as that function's own time.
 */
export function profileSummary(dir: string, top = 12): string[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => path.join(dir, f));
  if (files.length === 0) return [`(no profile written in ${dir})`];
  const busiest = files.map((f) => ({ f, size: fs.statSync(f).size })).sort((a, b) => b.size - a.size)[0].f;
  const prof = JSON.parse(fs.readFileSync(busiest, 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  prof.samples.forEach((s, i) => selfUs.set(s, (selfUs.get(s) ?? 0) + (prof.timeDeltas[i] ?? 0)));
  let busy = 0;
  const byPlace = new Map<string, number>();
  const byFn = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { functionName, url } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') continue;
    busy += us;
    const place = placeOf(url, functionName || '(anonymous)');
    byPlace.set(place, (byPlace.get(place) ?? 0) + us);
    const fn = `${functionName || '(anonymous)'} (${place})`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + us);
  }
  const share = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => `${((100 * us) / busy).toFixed(1).padStart(5)}%  ${k}`);
  return [
    `profile ${busiest}: ${(busy / 1e6).toFixed(1)} s busy`,
    'busy time by package/file (own time):',
    ...share(byPlace).map((l) => `  ${l}`),
    'functions with the most own time:',
    ...share(byFn).map((l) => `  ${l}`),
  ];
}

/** Forks `file` (a server of a benchmark) with `env` and resolves the first message it sends (its URL and more). */
export async function forkServer<T extends { url: string }>(
  file: string,
  env: NodeJS.ProcessEnv,
  execArgv: string[] = [],
): Promise<{ child: import('child_process').ChildProcess; info: T }> {
  const { fork } = await import('child_process');
  const child = fork(file, [], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: { ...process.env, ...env },
    execArgv: [...process.execArgv, ...execArgv],
  });
  const info = await new Promise<T>((resolve, reject) => {
    child.once('message', (m) => resolve(m as T));
    child.once('exit', (code) => reject(new Error(`${path.basename(file)} exited with ${code} before it listened`)));
  });
  return { child, info };
}

/** Stops a forked server (it exits when its IPC channel closes) and waits for it to be gone. */
export async function stopServer(child: import('child_process').ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (child.connected) child.disconnect();
  else child.kill('SIGTERM');
  await gone;
}

/** The benchmark's own look into the database (setting up slots, checking what the server wrote), on either engine. */
export interface BenchDb {
  all<T>(sql: string, params?: unknown[]): Promise<T[]>;
  run(sql: string, params?: unknown[]): Promise<void>;
  close(): Promise<void>;
}

/** Opens the database of a benchmark's server: `dataDir`'s SQLite file, or DATABASE_URL's. SQL with `?` placeholders. */
export async function openBenchDb(engine: Engine, dataDir: string): Promise<BenchDb> {
  if (engine.databaseUrl) {
    const pg = (await import('pg' as string)) as {
      default: {
        Client: new (o: { connectionString: string }) => {
          connect(): Promise<void>;
          query(s: string, p?: unknown[]): Promise<{ rows: unknown[] }>;
          end(): Promise<void>;
        };
      };
    };
    const client = new pg.default.Client({ connectionString: engine.databaseUrl });
    await client.connect();
    const numbered = (s: string): string => {
      let n = 0;
      return s.replace(/\?/g, () => `$${++n}`);
    };
    return {
      all: async <T>(s: string, p: unknown[] = []) => (await client.query(numbered(s), p)).rows as T[],
      run: async (s, p = []) => void (await client.query(numbered(s), p)),
      close: () => client.end(),
    };
  }
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(path.join(dataDir, 'yizhan.sqlite'));
  db.pragma('busy_timeout = 5000');
  return {
    all: async <T>(s: string, p: unknown[] = []) => db.prepare(s).all(...p) as T[],
    run: async (s, p = []) => void db.prepare(s).run(...p),
    close: async () => {
      db.close();
    },
  };
}
