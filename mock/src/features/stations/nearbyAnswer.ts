import type { Station } from './repo';
import type { IndexedPoint, NearbyHit } from './nearbyIndex';
import { OpenStateMemo } from './openStateMemo';
import { round6, walkMinutes, type LatLng } from '@/rules/geo';
import type { OpenState } from '@/rules/hours';

const EMPTY = Buffer.alloc(0);

/**
 * A station as the nearby index holds it, with what its list entry reuses between requests: its fixed fields
 * as UTF-8 (encoded when first listed) and its open state (OpenStateMemo) with that state's bytes. Kept on the
 * entry itself, not in maps keyed by station: at national scale such lookups missed the CPU caches and cost more
 * than the search.
 */
export class ListedStation {
  private memo: OpenStateMemo;
  private current: Station;
  private head: Buffer | null = null;
  private tailState: OpenState | null = null;
  private tail: Buffer = EMPTY;

  constructor(station: Station) {
    this.current = station;
    this.memo = new OpenStateMemo(station.hours);
  }

  get station(): Station {
    return this.current;
  }

  /** Its open state, remembered until it can next change (OpenStateMemo). */
  get open(): OpenStateMemo {
    return this.memo;
  }

  /**
   * The station changed (a closure set or ended: changes.ts): forgets the remembered open state and bytes, so the
   * next answer is computed from `station`. Its place in the index stays (a station's position is not changed here).
   */
  update(station: Station): void {
    this.current = station;
    this.memo = new OpenStateMemo(station.hours);
    this.head = null;
    this.tailState = null;
    this.tail = EMPTY;
  }

  /** `{"id":…,"amenities":[…],"distanceM":` in UTF-8. */
  headBytes(): Buffer {
    if (this.head === null) {
      const { id, name, address, kind, grade, lat, lng, smart, amenities } = this.station;
      const fixed = JSON.stringify({ id, name, address, kind, grade, lat, lng, is24h: this.station.hours.is24h, smart, amenities });
      this.head = Buffer.from(`${fixed.slice(0, -1)},"distanceM":`);
    }
    return this.head;
  }

  /** `,"openNow":…,"openLabel":…,"openDetail":…}` in UTF-8 for the state at `nowMs` (epoch ms). */
  tailBytes(nowMs: number): Buffer {
    const state = this.open.at(nowMs);
    if (state !== this.tailState) {
      const open = JSON.stringify({ openNow: state.status === 'open', openLabel: state.label, openDetail: state.detail ?? null });
      this.tail = Buffer.from(`,${open.slice(1)}`);
      this.tailState = state;
    }
    return this.tail;
  }
}

/** Index points for `stations` (GCJ-02), to pass to NearbyIndex.rebuild whenever stations change. */
export function listedPoints(stations: Station[]): IndexedPoint<ListedStation>[] {
  return stations.map((s) => ({ lat: s.lat, lng: s.lng, item: new ListedStation(s) }));
}

/** The body of GET /stations/nearby (mock/openapi.yaml, NearbyAnswer). */
export interface NearbyAnswer {
  /** The query point in GCJ-02. */
  center: LatLng;
  radiusM: number;
  stations: NearbyHit<ListedStation>[];
  nearestBeyond: NearbyHit<ListedStation>[];
}

/**
 * The nearby answer as UTF-8 JSON, assembled from the stations' reused bytes plus, per request, only the
 * distance and the walk: encoding the CJK names and addresses of 20 stations on every request cost more than
 * finding them. Only the fields the list and the map show: a 20-station answer is ~7.5 KB, ~1.5 KB gzipped.
 * `nowMs` (epoch ms) decides each station's open state.
 */
export function writeNearbyAnswer(answer: NearbyAnswer, nowMs: number): Buffer {
  const { center, radiusM } = answer;
  const parts: (Buffer | string)[] = [
    `{"center":{"lat":${round6(center.lat)},"lng":${round6(center.lng)},"coord":"gcj02"},"radiusM":${radiusM},"stations":[`,
  ];
  listEntries(parts, answer.stations, nowMs);
  parts.push('],"nearestBeyond":[');
  listEntries(parts, answer.nearestBeyond, nowMs);
  parts.push(']}');
  return concatAscii(parts);
}

function listEntries(parts: (Buffer | string)[], hits: NearbyHit<ListedStation>[], nowMs: number): void {
  for (let i = 0; i < hits.length; i++) {
    const { item, distanceM } = hits[i];
    // Rounded for the wire only; membership was decided on the exact distance.
    const variable = `${Math.round(distanceM * 10) / 10},"walkMinutes":${walkMinutes(distanceM) ?? 'null'}`;
    parts.push(i > 0 ? ',' : '', item.headBytes(), variable, item.tailBytes(nowMs));
  }
}

/** Joins buffers and ASCII-only strings (numbers, punctuation, keys) into one buffer. */
function concatAscii(parts: (Buffer | string)[]): Buffer {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = Buffer.allocUnsafe(length);
  let at = 0;
  for (const p of parts) {
    if (typeof p === 'string') {
      // Short strings: a loop beats a call into the encoder per piece.
      for (let i = 0; i < p.length; i++) out[at++] = p.charCodeAt(i);
    } else {
      out.set(p, at);
      at += p.length;
    }
  }
  return out;
}
