/**
 * Honours, grades and amenities. The honour counts follow the city union's figures; how they overlap, and the
 * grade floors they imply, are decisions documented in the generated README.
 */
import { AMENITY_KEYS, HONOUR_COUNTS, type AmenityKey, type Grade, type HonourKey, type HostKindKey } from './catalog';
import { SEED } from './params';
import { createRng, type Rng } from './prng';

/** The stations (by index) holding each honour. */
export interface HonourSets {
  provincial: Set<number>;
  mostBeautiful: Set<number>;
  livelihood: Set<number>;
}

/**
 * Draws the honours: provincial (209, attended stations, weighted to bigger hosts), mostBeautiful (37, a subset of
 * the provincial ones), livelihood (120, disjoint from provincial, smart stations favoured).
 */
export function assignHonours(kinds: readonly (HostKindKey | undefined)[], smartKind: readonly ('kiosk' | 'toilet' | null)[]): HonourSets {
  const rngHonour = createRng(SEED ^ 0x40e0);
  // Weighted sampling without replacement (keys log(u) / w, Efraimidis-Spirakis); ties broken by index for stability.
  const sampleWeighted = (cands: number[], weight: (i: number) => number, k: number): Set<number> => {
    const keyed = cands.map((i) => ({ i, key: Math.log(rngHonour.next() || 1e-12) / Math.max(weight(i), 1e-9) }));
    keyed.sort((x, y) => y.key - x.key || x.i - y.i);
    return new Set(keyed.slice(0, k).map((x) => x.i));
  };
  const all = kinds.map((_k, i) => i);
  const provWeight: Record<HostKindKey, number> = {
    party_mass_centre: 3,
    worker_complex: 4,
    business_district: 1.5,
    petrol_station: 1,
    bank_branch: 1.2,
    public_toilet: 0.8,
    kiosk: 1,
    community: 1.5,
    enterprise: 1,
    street_office: 2,
  };
  const provincial = sampleWeighted(
    all.filter((i) => !smartKind[i]),
    (i) => provWeight[kinds[i]!],
    HONOUR_COUNTS.provincial,
  );
  const mostBeautiful = sampleWeighted([...provincial], (i) => provWeight[kinds[i]!], HONOUR_COUNTS.mostBeautiful);
  const livelihood = sampleWeighted(
    all.filter((i) => !provincial.has(i)),
    (i) => (smartKind[i] ? 4 : 1),
    HONOUR_COUNTS.livelihood,
  );
  return { provincial, mostBeautiful, livelihood };
}

/** A station's honours, in the order the stations file has always listed them. */
export function honoursOf(i: number, h: HonourSets): HonourKey[] {
  const honours: HonourKey[] = [];
  if (h.provincial.has(i)) honours.push('provincial');
  if (h.livelihood.has(i)) honours.push('livelihood');
  if (h.mostBeautiful.has(i)) honours.push('mostBeautiful');
  return honours;
}

/** A station's grade: drawn, then raised to the floor its honours imply (mostBeautiful 4, provincial 3, livelihood 2). */
export function pickGrade(i: number, h: HonourSets, rng: Rng): Grade {
  // Always draw, even when the honour fixes the grade, so every station consumes the same draws.
  let grade: Grade = rng.weighted<Grade>([
    [1, 15],
    [2, 38],
    [3, 32],
    [4, 15],
  ]);
  if (h.mostBeautiful.has(i)) grade = 4;
  else if (h.provincial.has(i)) grade = Math.max(grade, 3) as Grade;
  else if (h.livelihood.has(i)) grade = Math.max(grade, 2) as Grade;
  return grade;
}

/** A station's amenities: hot water and seating always, the rest more likely at higher grades and smart stations. */
export function pickAmenities(kind: HostKindKey, grade: Grade, smart: boolean, rng: Rng): AmenityKey[] {
  const g = grade;
  const p: Record<AmenityKey, number> = {
    hot_water: 1,
    seating: 1,
    microwave: smart ? 0.5 : 0.3 + 0.15 * g,
    air_conditioning: smart ? 1 : 0.45 + 0.13 * g,
    charging: smart ? 1 : 0.5 + 0.12 * g,
    medicine_box: smart ? 1 : 0.55 + 0.11 * g,
    umbrella: 0.35 + 0.12 * g,
    books: smart ? 0.2 : 0.3 + 0.13 * g,
    emergency_supplies: smart ? 1 : 0.3 + 0.13 * g,
    toilet:
      kind === 'public_toilet' || kind === 'worker_complex' ? 1 : kind === 'petrol_station' ? 0.95 : kind === 'kiosk' ? 0 : 0.3 + 0.1 * g,
    wifi: smart ? 0.9 : 0.3 + 0.15 * g,
    refrigerator: 0.1 + 0.12 * g,
    washbasin: kind === 'public_toilet' ? 1 : kind === 'kiosk' ? 0.2 : 0.3 + 0.1 * g,
  };
  return AMENITY_KEYS.filter((k) => rng.chance(p[k]));
}
