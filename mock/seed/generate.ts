/**
 * Regenerates mock/seed/data/ from the Taiyuan reference geography.
 *   npx tsx mock/seed/generate.ts [--input DIR] [--out DIR]
 * Input: --input, else env SEED_INPUT_DIR, else the committed mock/seed/reference/.
 */
import path from 'node:path';
import { writeSeed } from './build';
import { defaultInputDir, readTaiyuanInput } from './input';

function arg(name: string): string | undefined {
  const argv = process.argv.slice(2);
  const i = argv.indexOf(name);
  if (i >= 0) return argv[i + 1];
  const eq = argv.find((a) => a.startsWith(`${name}=`));
  return eq ? eq.slice(name.length + 1) : undefined;
}

const started = Date.now();
const inputDir = path.resolve(arg('--input') ?? defaultInputDir());
const outDir = path.resolve(arg('--out') ?? path.join(__dirname, 'data'));
const seed = writeSeed(readTaiyuanInput(inputDir), outDir);
const s = seed.stats;
console.log(`seed: ${seed.stations.length} stations, ${seed.healthStations.length} health stations -> ${outDir}`);
console.log(`per district: ${JSON.stringify(s.perDistrict)}`);
console.log(
  `coverage: max nearest-station distance ${s.maxGapM} m on ${s.checkGridPoints} grid points (lattice ${s.latticeStations}, fix ${s.holeFixStations})`,
);
console.log(`五一广场 smart station: ${s.wuyiSmartStationId} door ${s.wuyiSmartDoorId} (${s.wuyiSmartDistanceM} m)`);
console.log(`done in ${Date.now() - started} ms`);
