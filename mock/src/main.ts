import { loadConfig } from './config';
import { buildServer } from './server';
import { printedDoorCode } from './services/doorCodes';
import { haversineM } from '../../src/rules/geo';
import { allStations, doorsOfStation } from './repos/stations';

/** 五一广场 (GCJ-02), where the quick start suggests trying a door. */
const WUYI_SQUARE = { lat: 37.861604, lng: 112.57417 };

/** Starts the backend on PORT and prints the URL and a door code to try. */
async function main(): Promise<void> {
  const config = loadConfig();
  const { app, ctx } = await buildServer(config);
  const address = await app.listen({ port: config.port, host: config.host });
  const smart = (await allStations(ctx.db))
    .filter((s) => s.smart)
    .sort((a, b) => haversineM(a, WUYI_SQUARE) - haversineM(b, WUYI_SQUARE))[0];
  const door = smart ? (await doorsOfStation(ctx.db, smart.id))[0] : undefined;
  const lines = [`驿站通 is running: ${address}/`];
  if (smart && door) {
    const code = printedDoorCode(ctx.keys, config.doorHost, door.id);
    lines.push(
      `Door code of ${smart.name} (${door.name}), ${Math.round(haversineM(smart, WUYI_SQUARE))} m from 五一广场:`,
      `  ${code}`,
      `Try it: ${address}/#/packages/unlock/pages/index/index?q=${encodeURIComponent(code)}`,
    );
  }
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void app.close().then(() => process.exit(0));
    });
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
