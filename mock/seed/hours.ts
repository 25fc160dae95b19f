/**
 * Opening hours and closures of the stations, in the OpeningHours shape of src/rules/hours.ts.
 * Closures use fixed dates, not the generation date, so the output does not depend on the day it is generated.
 */
import type { OpeningHours } from '@/rules/hours';
import type { HostKindKey } from './catalog';
import type { Rng } from './prng';

/** The same ranges on all seven days (copied, so no two days share an array). */
const allWeek = (ranges: string[]): string[][] => Array.from({ length: 7 }, () => ranges.slice());
const weekdaysWeekend = (wk: string[], we: string[]): string[][] => [wk, wk, wk, wk, wk, we, we].map((r) => r.slice());
/** 24-hour stations: is24h, and every day the whole day '00:00-24:00'. */
export const HOURS_24H = (): OpeningHours => ({ is24h: true, weekly: allWeek(['00:00-24:00']) });

/** Daytime hours typical of the host kind (banks differ at weekends or close on Sunday; some close at lunch). */
function daytimeHours(kind: HostKindKey, rng: Rng): OpeningHours {
  let weekly: string[][];
  switch (kind) {
    case 'bank_branch':
      weekly = rng.chance(0.6) ? weekdaysWeekend(['08:30-17:30'], ['09:00-16:00']) : [...allWeek(['09:00-17:00']).slice(0, 6), []];
      break;
    case 'business_district':
      weekly = allWeek([rng.pick(['10:00-22:00', '09:30-21:30', '10:00-21:00'])]);
      break;
    case 'worker_complex':
      weekly = allWeek([rng.pick(['07:00-21:00', '06:30-21:30', '07:00-22:00'])]);
      break;
    case 'public_toilet':
      weekly = allWeek([rng.pick(['05:00-22:00', '05:30-21:30', '06:00-22:00'])]);
      break;
    case 'party_mass_centre':
    case 'street_office':
    case 'community':
      weekly = rng.chance(0.3)
        ? weekdaysWeekend(['08:00-12:00', '14:30-20:00'], ['09:00-17:00'])
        : rng.chance(0.5)
          ? allWeek(['08:00-20:00'])
          : weekdaysWeekend(['07:30-19:30'], ['09:00-18:00']);
      break;
    case 'enterprise':
      weekly = rng.chance(0.5) ? allWeek(['07:00-21:00']) : weekdaysWeekend(['07:00-19:00'], ['08:00-18:00']);
      break;
    default:
      weekly = allWeek(['08:00-20:00']);
  }
  return { is24h: false, weekly };
}

/**
 * Fixed, deterministic closures (not derived from the generation date): `from` inclusive, `to` exclusive,
 * ISO 8601 with the Shanghai offset, as OpeningHours requires.
 */
export const CLOSURES: { from: string; to: string; reason: string }[] = [
  { from: '2026-11-16T00:00:00+08:00', to: '2027-01-16T00:00:00+08:00', reason: '设备维修' },
  { from: '2026-12-01T00:00:00+08:00', to: '2027-01-16T00:00:00+08:00', reason: '供暖管道改造' },
  { from: '2027-03-01T00:00:00+08:00', to: '2027-04-01T00:00:00+08:00', reason: '场地装修' },
];

/** A fixed closure, as it appears in OpeningHours.closures. */
export type Closure = (typeof CLOSURES)[number];

/**
 * Chooses the eight overnight-only stations (sanitation / enterprise) and the stations carrying the CLOSURES,
 * all among attended non-petrol stations (the others are 24 h, where a night-only schedule makes no sense).
 */
export function pickOvernightAndClosures(
  rng: Rng,
  all: number[],
  kinds: readonly (HostKindKey | undefined)[],
  smartKind: readonly ('kiosk' | 'toilet' | null)[],
): { overnight: Set<number>; closureAt: Map<number, Closure> } {
  const closureAt = new Map<number, Closure>();
  const overnight = new Set<number>();
  const attended = rng.shuffle(all.filter((i) => !smartKind[i] && kinds[i] !== 'petrol_station'));
  const nightCands = attended.filter((i) => kinds[i] === 'public_toilet' || kinds[i] === 'enterprise');
  for (const i of nightCands.slice(0, 8)) overnight.add(i);
  const closable = attended.filter((i) => !overnight.has(i));
  CLOSURES.forEach((c, k) => closureAt.set(closable[k], c));
  return { overnight, closureAt };
}

/** A station's hours: 24 h for smart and petrol stations, overnight or daytime otherwise, plus its closure if any. */
export function stationHours(kind: HostKindKey, smart: boolean, overnight: boolean, closure: Closure | undefined, rng: Rng): OpeningHours {
  // The draws below (and their order) are part of the seed's determinism: keep them as they are.
  let hours: OpeningHours;
  if (smart || kind === 'petrol_station') hours = HOURS_24H();
  else if (overnight) hours = { is24h: false, weekly: allWeek([rng.pick(['20:00-08:00', '21:00-07:00'])]) };
  else if (kind === 'worker_complex' && rng.chance(0.2)) hours = HOURS_24H();
  else hours = daytimeHours(kind, rng);
  if (closure) hours = { ...hours, closures: [{ ...closure }] };
  return hours;
}
