import fs from 'fs';
import path from 'path';
import type { Config } from './config';
import { databaseFile, openConfiguredDatabase, type OpenedDatabase } from './db/database';
import { redactedUrl } from './db/postgres';
import { metaValueOnce } from './db/meta';
import { keyCheckValue, loadMasterKey, masterKeyFile } from './keys';
import { StartupError } from './startupError';

/**
 * The data folder (DATA_DIR) at start: the database and the master key it was made with, checked together. A new
 * folder (no database, no key file) is created with a new development key; anything else that does not add up
 * refuses to start with a StartupError saying what happened and how to recover, instead of the old behaviour of
 * quietly making a new key or a new database (issue 11 §3: a deleted master.key was regenerated, after which every
 * printed door code was "forged", exports failed and an identity number registered twice; an emptied database was
 * re-seeded, losing every worker and booking).
 */

export interface OpenedDataFolder extends OpenedDatabase {
  /** The 32-byte master key, checked against the database's key check value. */
  masterKey: Buffer;
}

/** The way out of a key problem, for production and for a development folder. */
const keyAdvice = (dataDir: string): string =>
  `Starting with another key would turn every printed door code into a forgery, leave the sealed identity numbers ` +
  `and phones unreadable (exports fail) and let an identity number register twice. To recover: restore the ` +
  `original master.key into ${dataDir} from your backup, or set YIZHAN_MASTER_KEY to the original key. For a ` +
  `development folder whose data you do not need: delete the data folder ${dataDir} to start over (every account ` +
  `and booking in it is lost).`;

/**
 * Opens the database of `config.dataDir` and reads its master key, creating both in a new folder, and checks that
 * they belong together (the key check value in table meta; stored on the first start that has none, i.e. a new
 * folder or one from before the check existed). `checkIntegrity` runs PRAGMA quick_check on an existing database.
 * @throws StartupError when the database is missing beside its key, empty, foreign or damaged, when the key file
 * is missing beside an existing database, or when the key is not the database's
 */
export async function openDataFolder(config: Config, opts: { checkIntegrity: boolean }): Promise<OpenedDataFolder> {
  const { dataDir } = config;
  const dbFile = databaseFile(dataDir);
  const keyFile = masterKeyFile(dataDir);
  // Where the data is, for messages: the SQLite file, or the PostgreSQL database (password hidden).
  const dbName = config.databaseUrl ? `the PostgreSQL database ${redactedUrl(config.databaseUrl)}` : dbFile;
  // A key file (or a write-ahead log) without its database is a database lost or moved, not a new folder.
  const orphan = config.databaseUrl ? undefined : [keyFile, `${dbFile}-wal`].find((f) => fs.existsSync(f));
  if (!fs.existsSync(dbFile) && orphan) {
    throw new StartupError(
      `${dbFile} is missing, but ${orphan} is there: the database was lost or moved, this is not a new data folder. ` +
        `Nothing was created. To recover: restore yizhan.sqlite into ${dataDir} from your backup (with the master.key ` +
        `saved with it). For a development folder whose data you do not need: delete the data folder ${dataDir} to ` +
        `start over (a new one is created and seeded).`,
    );
  }
  const database = await openConfiguredDatabase(config, { checkIntegrity: opts.checkIntegrity });
  try {
    if (!config.masterKey && !database.created && !fs.existsSync(keyFile)) {
      throw new StartupError(
        `${keyFile} is missing, but the database ${dbName} was made with a master key; no new key was made, since ` +
          `a new key cannot read this data. ${keyAdvice(dataDir)}`,
      );
    }
    // A new PostgreSQL database may meet a key file already there (a folder used before): that key is used.
    const masterKey = loadMasterKey(dataDir, config.masterKey, { create: database.created });
    const check = keyCheckValue(masterKey);
    if ((await metaValueOnce(database.db, 'master_key_check', check)) !== check) {
      const source = config.masterKey ? 'YIZHAN_MASTER_KEY' : keyFile;
      throw new StartupError(
        `the master key in ${source} is not the key this database was created with (${config.databaseUrl ? dbName : path.basename(dbFile)} ` +
          `holds the check value of its key, and it differs). ${keyAdvice(dataDir)}`,
      );
    }
    return { ...database, masterKey };
  } catch (err) {
    await database.close();
    throw err;
  }
}
