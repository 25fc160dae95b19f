/**
 * Host kinds, smart stations and doors: which station is a smart kiosk or toilet (the city's 20 + 41), what the
 * others are hosted by, which stations have doors, and which doors have a screen or a pass reader.
 */
import type { HostKindKey } from './catalog';
import type { Draft } from './area';
import { SEED, SMART_KIOSKS, SMART_TOILETS } from './params';
import { createRng, type Rng } from './prng';
import type { SeedDoor, SeedStation } from './types';

/** How many stations of each host kind (the kiosks and smart toilets are placed first). */
const KIND_QUOTAS: Record<HostKindKey, number> = {
  party_mass_centre: 110,
  worker_complex: 25,
  business_district: 80,
  petrol_station: 70,
  bank_branch: 95,
  public_toilet: 80, // 41 smart + 39 attended
  kiosk: 20, // all smart, all in 迎泽区
  community: 130,
  enterprise: 90,
  street_office: 41,
};

/** [inside main urban area, outside] affinity of a host kind. */
const KIND_AFFINITY: Record<HostKindKey, [number, number]> = {
  party_mass_centre: [1, 1],
  worker_complex: [1.2, 0.6],
  business_district: [2.5, 0.3],
  petrol_station: [0.6, 2.2],
  bank_branch: [1.3, 0.6],
  public_toilet: [1.2, 0.5],
  kiosk: [0, 0],
  community: [1, 1],
  enterprise: [0.8, 1.6],
  street_office: [0.9, 1.2],
};

/** Each station's host kind, its smart kind (null when attended) and the index of the 五一广场 kiosk. */
export interface KindAssignment {
  kinds: (HostKindKey | undefined)[];
  smartKind: ('kiosk' | 'toilet' | null)[];
  wuyiIndex: number;
}

/** Assigns host kinds: the smart kiosks (迎泽区, main urban area), the smart toilets, then the quotas by affinity. */
export function assignKinds(drafts: Draft[]): KindAssignment {
  const rngKind = createRng(SEED ^ 0x4b1d);
  const kinds: (HostKindKey | undefined)[] = drafts.map(() => undefined);
  const smartKind: ('kiosk' | 'toilet' | null)[] = drafts.map(() => null);
  // The 五一广场 kiosk was placed by hand; it is one of the SMART_KIOSKS, so only the others are drawn.
  const wuyiIndex = drafts.findIndex((d) => d.tag === 'wuyi_kiosk');
  kinds[wuyiIndex] = 'kiosk';
  smartKind[wuyiIndex] = 'kiosk';
  const yingzeMain = rngKind.shuffle(
    drafts.map((_d, i) => i).filter((i) => i !== wuyiIndex && drafts[i].code === 140106 && drafts[i].inMain),
  );
  for (const i of yingzeMain.slice(0, SMART_KIOSKS - 1)) {
    kinds[i] = 'kiosk';
    smartKind[i] = 'kiosk';
  }
  const toiletCandidates = rngKind.shuffle(drafts.map((_d, i) => i).filter((i) => !kinds[i] && drafts[i].inMain));
  for (const i of toiletCandidates.slice(0, SMART_TOILETS)) {
    kinds[i] = 'public_toilet';
    smartKind[i] = 'toilet';
  }
  const left: Record<HostKindKey, number> = { ...KIND_QUOTAS, kiosk: 0, public_toilet: KIND_QUOTAS.public_toilet - SMART_TOILETS };
  for (const i of rngKind.shuffle(drafts.map((_d, k) => k).filter((k) => !kinds[k]))) {
    const side = drafts[i].inMain ? 0 : 1;
    const options = (Object.keys(left) as HostKindKey[])
      .filter((k) => left[k] > 0)
      .map((k) => [k, left[k] * KIND_AFFINITY[k][side]] as const);
    // When no remaining kind suits this side at all, fill the quotas anyway rather than leave the station kindless.
    const usable = options.some(([, w]) => w > 0) ? options : options.map(([k]) => [k, 1] as const);
    const k = rngKind.weighted(usable);
    kinds[i] = k;
    left[k]--;
  }
  return { kinds, smartKind, wuyiIndex };
}

/** The doors of one station (smart stations, worker complexes and a few community centres have doors). */
export function stationDoors(kind: HostKindKey, sk: 'kiosk' | 'toilet' | null, d: Draft, rng: Rng, nextDoorId: () => string): SeedDoor[] {
  const doors: SeedDoor[] = [];
  if (sk !== null) {
    doors.push({ id: nextDoorId(), name: sk === 'kiosk' ? '正门' : '管理间正门' });
    // The 五一广场 kiosk keeps a single door: the quick start names it.
    if (d.tag !== 'wuyi_kiosk' && rng.chance(0.3)) doors.push({ id: nextDoorId(), name: '侧门' });
  } else if (kind === 'worker_complex') {
    doors.push({ id: nextDoorId(), name: '正门' });
    if (rng.chance(0.4)) doors.push({ id: nextDoorId(), name: rng.pick(['东门', '西门', '北门']) });
  } else if (kind === 'community' && rng.chance(0.08)) {
    doors.push({ id: nextDoorId(), name: '驿站入口' });
  }
  return doors;
}

/** Marks three doors with a screen (rotating codes) and three with a pass reader, in place. */
export function markScreensAndReaders(stations: SeedStation[], wuyiIndex: number): void {
  // Never the 五一广场 kiosk's door: the quick start types its printed code.
  const wuyiId = stations[wuyiIndex].id;
  const kioskDoors = stations.filter((s) => s.smartKind === 'kiosk' && s.id !== wuyiId).flatMap((s) => s.doors);
  const toiletDoors = stations.filter((s) => s.smartKind === 'toilet').flatMap((s) => s.doors);
  const complexDoors = stations.filter((s) => s.kind === 'worker_complex').flatMap((s) => s.doors);
  const rngDoor = createRng(SEED ^ 0xd00);
  const [k1] = rngDoor.shuffle(kioskDoors);
  const [t1, t2] = rngDoor.shuffle(toiletDoors);
  const [c1, c2, c3] = rngDoor.shuffle(complexDoors);
  k1.hasScreen = true;
  t1.hasScreen = true;
  c1.hasScreen = true;
  t2.hasReader = true;
  c2.hasReader = true;
  c3.hasReader = true;
}
