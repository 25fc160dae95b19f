/**
 * What the door scripts share: the server's configuration and keys (same DATA_DIR, YIZHAN_MASTER_KEY and
 * DOOR_KEY_IDS as the server, so the codes and device keys they print are the ones it accepts), and the
 * stations and doors from its database (migrated and seeded like the server does, when new).
 */
import { loadConfig, type Config } from '../src/core/config';
import { openDataFolder } from '../src/core/dataFolder';
import { StartupError } from '../src/core/startupError';
import { seedDatabase } from '../src/core/db/seed';
import { loadSeed } from '../seed/load';
import { deriveKeys, type Keys } from '../src/core/keys';
import { deviceKeys, type DeviceKeys } from '../src/features/doors';
import { doorsOfStation, stationById, type Door, type Station } from '../src/features/stations';

export interface DoorScriptContext {
  config: Config;
  keys: Keys;
  devices: DeviceKeys;
  /** The station and its doors; exits with a Chinese message when the station is unknown or has no door. */
  stationDoors(stationId: string): Promise<{ station: Station; doors: Door[] }>;
  close(): Promise<void>;
}

/** Prints `message` to stderr and exits with status 1. */
export function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/** The first command-line argument, or exit with the usage line. */
export function argument(usage: string): string {
  const arg = process.argv[2];
  if (!arg || arg.startsWith('-')) fail(`用法：${usage}`);
  return arg;
}

/**
 * Opens the server's data folder as the server does (core/dataFolder.ts: the database and the master key it was
 * made with, or a new folder) and derives its keys; exits with the reason when the folder must not be used.
 */
export async function openDoorScript(): Promise<DoorScriptContext> {
  const config = loadConfig();
  // Codes and keys come from this folder's master key: a server run with another DATA_DIR would refuse them.
  process.stderr.write(`数据目录 DATA_DIR：${config.dataDir}（须与服务器相同）\n`);
  const {
    db,
    close,
    masterKey: master,
  } = await openDataFolder(config, { checkIntegrity: true }).catch((err: unknown) =>
    fail(err instanceof StartupError ? err.message : String(err)),
  );
  await seedDatabase(db, loadSeed());
  return {
    config,
    keys: deriveKeys(master, process.env.DOOR_KEY_IDS || '1'),
    devices: deviceKeys(master),
    async stationDoors(stationId) {
      const station = await stationById(db, stationId);
      if (!station) fail(`没有编号为 ${stationId} 的驿站，请核对编号（例如 ty0195）。`);
      const doors = await doorsOfStation(db, stationId);
      if (doors.length === 0) fail(`驿站 ${stationId}（${station.name}）没有登记门，不需要门码。`);
      return { station, doors };
    },
    close,
  };
}
