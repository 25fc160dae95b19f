import type { Db } from '../../core/db/database';
import { stationById } from './repo';
import type { ListedStation } from './nearbyAnswer';
import type { NearbyIndex } from './nearbyIndex';

/**
 * How a station change reaches the other server processes: the cluster's primary (processes of one host, over
 * IPC: mock/src/cluster.ts) and, on PostgreSQL, the database's notification channel (servers on other hosts).
 */
export interface StationRelay {
  /** Tells the other processes that `stationId` changed. */
  publish(stationId: string): void;
  /** Calls `changed` with each station id the other processes publish; returns the unsubscribe. */
  subscribe(changed: (stationId: string) => void): () => void;
}

/**
 * Keeps every cache of a station in step with the database. The nearby index holds each station with its open
 * state remembered until it can next change, and its answer bytes (nearbyAnswer.ts: ListedStation); the station
 * page reads the database per request and needs nothing. A change made here (a closure set or ended) reloads the
 * station at once and is published, and every other process reloads it when told, so workers everywhere see
 * 暂停开放 with the reason on their next request (a notification lost while a channel reconnects is the one gap).
 */
export class StationChanges {
  private readonly byId = new Map<string, ListedStation>();
  /** Reloads started per station: an older read that returns late never overwrites a newer one. */
  private readonly generation = new Map<string, number>();
  private readonly unsubscribe: () => void;
  private pending = new Set<Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly nearby: NearbyIndex<ListedStation>,
    private readonly relay?: StationRelay,
  ) {
    for (const item of nearby.items()) this.byId.set(item.station.id, item);
    this.unsubscribe = relay ? relay.subscribe((id) => void this.reload(id)) : () => {};
  }

  /** `stationId` changed in the database here: reloads it in this process and tells the others. */
  async changed(stationId: string): Promise<void> {
    this.relay?.publish(stationId);
    await this.reload(stationId);
  }

  /** Reads `stationId` again and replaces what the index remembers of it. Never rejects (a failed read keeps the old). */
  reload(stationId: string): Promise<void> {
    const item = this.byId.get(stationId);
    if (!item) return Promise.resolve();
    const gen = (this.generation.get(stationId) ?? 0) + 1;
    this.generation.set(stationId, gen);
    const p = stationById(this.db, stationId)
      .then((station) => {
        if (!station || this.generation.get(stationId) !== gen) return;
        const moved = station.lat !== item.station.lat || station.lng !== item.station.lng;
        item.update(station);
        // A station moved in the registry (routesRegistry.ts): its place in the tree changes, so the tree is rebuilt
        // (741 stations in well under a millisecond; 186,100 in about 100 ms, for a change made by hand).
        if (moved) this.nearby.rebuild(this.nearby.items().map((it) => ({ lat: it.station.lat, lng: it.station.lng, item: it })));
      })
      .catch(() => undefined)
      .finally(() => this.pending.delete(p));
    this.pending.add(p);
    return p;
  }

  /** Resolves when every reload started so far has finished (tests; shutdown). */
  async settled(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  close(): void {
    this.unsubscribe();
  }
}

const registry = new WeakMap<object, StationChanges>();

/** The StationChanges of one server (one per AppContext), created by stationsRoutes. */
export function stationChangesOf(ctx: object): StationChanges | undefined {
  return registry.get(ctx);
}

/** Remembers `changes` as the server's (stationChangesOf). */
export function registerStationChanges(ctx: object, changes: StationChanges): void {
  registry.set(ctx, changes);
}
