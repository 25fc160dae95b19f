import cluster, { type Worker } from 'cluster';
import type { GrantRelay } from './features/doors';
import type { StationRelay } from './features/stations';

/**
 * Several server processes on one port (Node's cluster module: the primary accepts connections and hands them
 * to the workers in turn) and one SQLite database. One Node process tops out near one core; the nearby
 * endpoint's gzip and socket writes alone fill it (mock/bench/nearby.ts). What the processes share lives in the
 * database (rate-limit windows, grants, bookings); the one thing held in memory, a door controller's parked
 * long poll, is woken through the primary, which relays every new grant to the other workers; likewise a station
 * change (a closure), so each worker's nearby cache reloads the station.
 *
 * The primary serves no requests. It starts `workers` workers, the first with the booking scheduler and the
 * others without (two schedulers would send a reminder twice), replaces a worker that dies (giving up after
 * MAX_RESTARTS in RESTART_WINDOW_MS, a crash loop; at once when one dies before all have started), and stops
 * them all on SIGINT or SIGTERM.
 */

/** The messages between the primary and its workers. */
type ClusterMessage =
  | { yizhan: 'grant'; doorIds: string[] }
  | { yizhan: 'station'; stationIds: string[] }
  | { yizhan: 'listening'; url: string; banner: string };

const isClusterMessage = (m: unknown): m is ClusterMessage => typeof m === 'object' && m !== null && 'yizhan' in m;

/** Every worker but the first runs without the booking scheduler (a replacement keeps its predecessor's role). */
const FOLLOWER_ENV: NodeJS.ProcessEnv = { SCHEDULER_INTERVAL_S: '0' };

const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;

export interface PrimaryOptions {
  workers: number;
  /** Called once, when every worker listens, with the URL and start-up banner of the last to do so. */
  onListening: (url: string, banner: string) => void;
}

/** A log line in pino's JSON shape (the workers log through Fastify's pino), so one reader takes both. */
function log(level: 'info' | 'warn' | 'error', msg: string, fields: Record<string, unknown> = {}): void {
  const levels = { info: 30, warn: 40, error: 50 };
  process.stdout.write(
    `${JSON.stringify({ level: levels[level], time: Date.now(), pid: process.pid, role: 'primary', ...fields, msg })}\n`,
  );
}

/**
 * Runs the cluster's primary (call in `cluster.isPrimary`, after preparing the data folder). `stop(code)` ends
 * every worker, then the primary with `code`; SIGINT and SIGTERM call it with 0.
 */
export function runPrimary(opts: PrimaryOptions): { stop: (code: number) => void } {
  const envOf = new Map<number, NodeJS.ProcessEnv>();
  const listening = new Set<number>();
  const restarts: number[] = [];
  let announced = false;
  let stopping: number | null = null;
  const live = (): Worker[] => Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
  const start = (env: NodeJS.ProcessEnv): void => {
    envOf.set(cluster.fork(env).id, env);
  };
  const stop = (code: number): void => {
    if (stopping !== null) return;
    stopping = code;
    const workers = live();
    if (workers.length === 0) process.exit(code);
    for (const w of workers) w.process.kill('SIGTERM');
  };

  cluster.on('message', (from, m: unknown) => {
    if (!isClusterMessage(m)) return;
    if (m.yizhan === 'grant' || m.yizhan === 'station') {
      for (const w of live()) if (w !== from && w.isConnected()) w.send(m);
      return;
    }
    listening.add(from.id);
    if (!announced && listening.size >= opts.workers) {
      announced = true;
      opts.onListening(m.url, m.banner);
    }
  });
  cluster.on('exit', (worker, code, signal) => {
    const env = envOf.get(worker.id) ?? {};
    envOf.delete(worker.id);
    listening.delete(worker.id);
    if (stopping !== null) {
      if (live().length === 0) process.exit(stopping);
      return;
    }
    // Before every worker has listened once, an exit is a start that cannot work (a port in use, a bad
    // configuration): restarting would print the same failure five times.
    if (!announced) {
      log('error', 'a server process could not start; stopping (its error is above)', { workerPid: worker.process.pid, code, signal });
      stop(1);
      return;
    }
    const nowMs = Date.now();
    restarts.push(nowMs);
    while (restarts[0] <= nowMs - RESTART_WINDOW_MS) restarts.shift();
    if (restarts.length > MAX_RESTARTS) {
      log('error', 'server processes keep exiting; stopping', { restarts: restarts.length, windowS: RESTART_WINDOW_MS / 1000 });
      stop(1);
      return;
    }
    log('warn', 'server process exited; starting another', { workerPid: worker.process.pid, code, signal });
    start(env);
  });
  for (let i = 0; i < opts.workers; i++) start(i === 0 ? {} : FOLLOWER_ENV);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => stop(0));
  return { stop };
}

/**
 * In a worker: the grant relay through the primary (features/doors/grantHub.ts). The doors granted in one turn of
 * the event loop go in one message, sent at its end (setImmediate): an IPC message per unlock cost a tenth of a
 * worker's CPU under the unlock bench, and a controller parked in another process waits at most that turn longer.
 */
export function workerGrantRelay(): GrantRelay {
  let pending: Set<string> | null = null;
  const flush = (): void => {
    const doorIds = [...(pending ?? [])];
    pending = null;
    if (process.connected) process.send?.({ yizhan: 'grant', doorIds } satisfies ClusterMessage);
  };
  return {
    publish: (doorId) => {
      if (!pending) {
        pending = new Set();
        setImmediate(flush);
      }
      pending.add(doorId);
    },
    subscribe: (wake) => {
      const onMessage = (m: unknown): void => {
        if (isClusterMessage(m) && m.yizhan === 'grant') for (const doorId of m.doorIds) wake(doorId);
      };
      process.on('message', onMessage);
      return () => void process.off('message', onMessage);
    },
  };
}

/**
 * In a worker: station changes (a closure set or ended) through the primary, so every worker's nearby cache reloads
 * the station (features/stations/changes.ts). Rare: one message per change.
 */
export function workerStationRelay(): StationRelay {
  return {
    publish: (stationId) => {
      if (process.connected) process.send?.({ yizhan: 'station', stationIds: [stationId] } satisfies ClusterMessage);
    },
    subscribe: (changed) => {
      const onMessage = (m: unknown): void => {
        if (isClusterMessage(m) && m.yizhan === 'station') for (const id of m.stationIds) changed(id);
      };
      process.on('message', onMessage);
      return () => void process.off('message', onMessage);
    },
  };
}

/** In a worker: tells the primary this worker listens, with the banner the primary prints once all do. */
export function reportListening(url: string, banner: string): void {
  if (process.connected) process.send?.({ yizhan: 'listening', url, banner } satisfies ClusterMessage);
}
