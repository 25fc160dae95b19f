import cluster from 'cluster';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from './core/config';
import type { AppContext } from './core/context';
import { buildServer, prepareDataDir } from './app';
import { reportListening, runPrimary, workerGrantRelay, workerStationRelay } from './cluster';
import { claimDataDir } from './core/db/dataDirLock';
import { StartupError } from './core/startupError';
import { printedDoorCode } from './features/doors';
import { haversineM } from '@/rules/geo';
import { allStations, doorsOfStation } from './features/stations';

/** 五一广场 (GCJ-02), where the quick start suggests trying a door. */
const WUYI_SQUARE = { lat: 37.861604, lng: 112.57417 };

/** The start-up lines: the URL, and a door code to try near 五一广场. */
async function banner(ctx: AppContext, address: string, processes: number): Promise<string> {
  const smart = (await allStations(ctx.db))
    .filter((s) => s.smart)
    .sort((a, b) => haversineM(a, WUYI_SQUARE) - haversineM(b, WUYI_SQUARE))[0];
  const door = smart ? (await doorsOfStation(ctx.db, smart.id))[0] : undefined;
  const lines = [`驿站通 is running: ${address}/  (${processes} server ${processes === 1 ? 'process' : 'processes'})`];
  if (smart && door) {
    const code = printedDoorCode(ctx.keys, ctx.config.doorHost, door.id);
    lines.push(
      `Door code of ${smart.name} (${door.name}), ${Math.round(haversineM(smart, WUYI_SQUARE))} m from 五一广场:`,
      `  ${code}`,
      `Try it: ${address}/#/packages/unlock/pages/index/index?q=${encodeURIComponent(code)}`,
    );
  }
  return `\n${lines.join('\n')}\n\n`;
}

/** Closes the server once (signal, or the primary gone) and exits. */
function stopOnSignals(app: FastifyInstance): void {
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void app.close().then(() => process.exit(0));
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, stop);
  if (cluster.isWorker) process.on('disconnect', stop);
}

/**
 * Starts the backend on PORT and prints the URL and a door code to try: with WORKERS above 1 (the default on a
 * machine with several cores) as a cluster of that many processes (mock/src/cluster.ts), else in this process.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  if (cluster.isPrimary) claimDataDir(config.dataDir);
  if (cluster.isPrimary && config.workers > 1) {
    await prepareDataDir(config, Date.now());
    runPrimary({
      workers: config.workers,
      onListening: (_url, text) => void process.stdout.write(text),
    });
    return;
  }
  const { app, ctx } = await buildServer(
    config,
    cluster.isWorker ? { grantRelay: workerGrantRelay(), stationRelay: workerStationRelay(), prepared: true } : {},
  );
  stopOnSignals(app);
  const address = await app.listen({ port: config.port, host: config.host });
  const text = await banner(ctx, address, cluster.isWorker ? config.workers : 1);
  if (cluster.isWorker) reportListening(address, text);
  else process.stdout.write(text);
}

main().catch((err) => {
  // A refused data folder is a message for the person starting the server, not a crash.
  process.stderr.write(
    `${err instanceof StartupError ? `驿站通 did not start: ${err.message}` : err instanceof Error ? err.stack : String(err)}\n`,
  );
  process.exit(1);
});
