/**
 * The real backend for the nearby benchmark, started by mock/bench/nearby.ts as a child process (so the load
 * generator does not share its event loop): a fresh data folder, rate limits off, and the nearby index rebuilt
 * over the synthetic national network. Sends `{url}` to the parent once listening; exits when the parent does.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import { loadConfig } from '../src/config';
import { buildServer } from '../src/server';
import { nationalNetwork } from './network';
import { listedPoints } from '../src/services/nearbyAnswer';

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yizhan-bench-'));
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir, PORT: '0', RATE_LIMIT: 'off' });
  const { app, ctx } = await buildServer(config);
  ctx.nearby.rebuild(listedPoints(nationalNetwork()));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const stop = (): void => {
    void app.close().finally(() => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
  };
  process.on('disconnect', stop);
  process.on('SIGTERM', stop);
  process.send?.({ url });
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
