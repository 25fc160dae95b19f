/**
 * The real backend for the nearby benchmark, started by mock/bench/nearby.ts as a child process (so the load
 * generator does not share its event loop), run as `npm start` runs it: a cluster of WORKERS processes
 * (mock/src/cluster.ts; default the CPU count) on one fresh data folder, rate limits off, each worker's nearby
 * index rebuilt over the synthetic national network. Sends `{url, workers}` to the parent once every worker
 * listens; stops when the parent goes.
 */
import cluster from 'cluster';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { loadConfig } from '../src/config';
import { buildServer, prepareDataDir } from '../src/server';
import { reportListening, runPrimary, workerGrantRelay } from '../src/cluster';
import { nationalNetwork } from './network';
import { listedPoints } from '../src/services/nearbyAnswer';

async function primary(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-bench-'));
  // The workers inherit this environment.
  Object.assign(process.env, { DATA_DIR: dataDir, PORT: '0', RATE_LIMIT: 'off' });
  const config = loadConfig();
  await prepareDataDir(config, Date.now());
  process.on('exit', () => fs.rmSync(dataDir, { recursive: true, force: true }));
  const { stop } = runPrimary({
    workers: config.workers,
    followerEnv: { SCHEDULER_INTERVAL_S: '0' },
    onListening: (url) => process.send?.({ url, workers: config.workers }),
  });
  process.on('disconnect', () => stop(0));
}

async function worker(): Promise<void> {
  const { app, ctx } = await buildServer(loadConfig(), { grantRelay: workerGrantRelay() });
  ctx.nearby.rebuild(listedPoints(nationalNetwork()));
  process.on('disconnect', () => void app.close().finally(() => process.exit(0)));
  reportListening(await app.listen({ port: 0, host: '127.0.0.1' }), '');
}

(cluster.isPrimary ? primary() : worker()).catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
