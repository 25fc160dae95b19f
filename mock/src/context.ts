import type Database from 'better-sqlite3';
import type { Config } from './config';
import type { Db } from './db/database';
import type { Keys } from './services/keys';
import type { NearbyIndex } from './services/nearbyIndex';
import type { ListedStation } from './services/nearbyAnswer';
import type { GrantRelay } from './services/grantHub';

/** What every route and repository needs, built once per server. `now()` is the clock (tests fake it). */
export interface AppContext {
  config: Config;
  db: Db;
  sqlite: Database.Database;
  keys: Keys;
  now: () => number;
  nearby: NearbyIndex<ListedStation>;
  /** Set in a cluster's worker processes: carries new door grants to the others (services/grantHub.ts). */
  grantRelay?: GrantRelay;
}
