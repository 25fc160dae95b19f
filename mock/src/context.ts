import type Database from 'better-sqlite3';
import type { Config } from './config';
import type { Db } from './db/database';
import type { Keys } from './services/keys';
import type { NearbyIndex } from './services/nearbyIndex';
import type { ListedStation } from './services/nearbyAnswer';

/** What every route and repository needs, built once per server. `now()` is the clock (tests fake it). */
export interface AppContext {
  config: Config;
  db: Db;
  sqlite: Database.Database;
  keys: Keys;
  now: () => number;
  nearby: NearbyIndex<ListedStation>;
}
