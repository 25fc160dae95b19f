/**
 * The real backend for a benchmark's child process, run as `npm start` runs it: with WORKERS above 1 a cluster of
 * that many processes (mock/src/cluster.ts), with WORKERS=1 one process without the cluster (as main.ts), on one
 * fresh data folder in the temp dir (or DATABASE_URL's database) and a free port, rate limits off.
 *
 * In the primary (or the one process): prepares the folder, then sends the parent
 * `{url, workers, dataDir, startupMs, ...describe(config)}` once every worker listens, stops the workers when the
 * parent goes, and removes the folder at exit. In a worker: builds the server with the grant relay, lets `setUp`
 * change it before it listens, and exits when the primary goes. `startupMs`: from this process's start to the
 * last worker listening.
 */
import cluster from 'cluster';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { loadConfig, type Config } from '../src/core/config';
import type { ServerContext } from '../src/app';
import { buildServer, prepareDataDir } from '../src/app';
import { reportListening, runPrimary, workerGrantRelay } from '../src/cluster';

export interface BenchClusterOptions {
  /** Prefix of the temp data folder. */
  folderPrefix: string;
  /** In the primary, after the folder is prepared: more for the parent's message. */
  describe?: (config: Config) => Promise<Record<string, unknown>>;
  /** In each worker, before it listens. */
  setUp?: (ctx: ServerContext) => void;
}

async function primary(opts: BenchClusterOptions): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), opts.folderPrefix));
  // The workers inherit this environment.
  Object.assign(process.env, { DATA_DIR: dataDir, PORT: '0', RATE_LIMIT: 'off' });
  const config = loadConfig();
  await prepareDataDir(config, Date.now());
  const extra = opts.describe ? await opts.describe(config) : {};
  process.on('exit', () => fs.rmSync(dataDir, { recursive: true, force: true }));
  const ready = (url: string): void =>
    void process.send?.({ ...extra, url, workers: config.workers, dataDir, startupMs: Math.round(performance.now()) });
  if (config.workers === 1) {
    // As main.ts runs WORKERS=1: the server in this process, no cluster, no grant relay.
    const { app, ctx } = await buildServer(config, { prepared: true });
    opts.setUp?.(ctx);
    const stop = (): void => void app.close().finally(() => process.exit(0));
    process.on('disconnect', stop);
    process.on('SIGTERM', stop);
    ready(await app.listen({ port: 0, host: '127.0.0.1' }));
    return;
  }
  const { stop } = runPrimary({ workers: config.workers, onListening: ready });
  process.on('disconnect', () => stop(0));
}

async function worker(opts: BenchClusterOptions): Promise<void> {
  const { app, ctx } = await buildServer(loadConfig(), { grantRelay: workerGrantRelay(), prepared: true });
  opts.setUp?.(ctx);
  // The primary stops its workers with SIGTERM: exit through process.exit, so that `--cpu-prof` writes the profile.
  const stop = (): void => void app.close().finally(() => process.exit(0));
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
  reportListening(await app.listen({ port: 0, host: '127.0.0.1' }), '');
}

/** Runs this process as the primary or a worker of the benchmark's server; exits 1 on a start-up error. */
export function serveBenchCluster(opts: BenchClusterOptions): void {
  (cluster.isPrimary ? primary(opts) : worker(opts)).catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  });
}
