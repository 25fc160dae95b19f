/**
 * Typed loader of the committed seed data (mock/seed/data/*.json). No regeneration, no input files needed.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { LngLat, Seed, SeedHealthStation, SeedPlace, SeedStation } from './types';

export const SEED_DATA_DIR = path.join(__dirname, 'data');

function read<T>(file: string): T {
  return JSON.parse(fs.readFileSync(path.join(SEED_DATA_DIR, file), 'utf8')) as T;
}

export function loadSeed(): Seed {
  const stations = read<SeedStation[]>('stations.json');
  const healthStations = read<SeedHealthStation[]>('health-stations.json');
  const area = read<{ geometry: { coordinates: LngLat[][] } }>('main-urban-area.json');
  return { stations, healthStations, mainUrbanArea: area.geometry.coordinates[0] };
}

/** District seats and landmarks, for "choose a district or landmark" when location is refused. */
export function loadPlaces(): SeedPlace[] {
  return read<SeedPlace[]>('places.json');
}
