/**
 * Reads the reference geography the generator and the seed tests build on: the files in
 * `mock/seed/reference/` (sources and licences in its README). Another copy can be named with --input DIR or
 * env SEED_INPUT_DIR (for checking a newer edition of the outlines against the committed seed).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DistrictCode } from './catalog';
import type { LngLat } from './types';

export const BOUNDARIES_FILE = 'taiyuan_140100_full_datav.geojson';
export const LANDMARKS_FILE = 'taiyuan_landmarks_wikipedia.json';

/** The reference inputs committed beside the generator. */
export const REFERENCE_DIR = path.resolve(__dirname, 'reference');

/** SEED_INPUT_DIR when set, else the committed reference folder. */
export function defaultInputDir(): string {
  const env = process.env.SEED_INPUT_DIR;
  if (env && env.trim() !== '') return path.resolve(env);
  return REFERENCE_DIR;
}

export interface DistrictArea {
  code: number;
  name: string;
  /** Seat of government, [lng, lat] GCJ-02. */
  center: LngLat;
  /** Outer rings of the MultiPolygon's parts (holes: none in this file; ignored if present). */
  rings: LngLat[][];
}

export interface InputLandmark {
  name: string;
  district: string;
  lat: number;
  lng: number;
}

export interface TaiyuanInput {
  dir: string;
  districts: Map<number, DistrictArea>;
  landmarks: InputLandmark[];
}

function readJson(dir: string, file: string): unknown {
  const p = path.join(dir, file);
  if (!fs.existsSync(p)) {
    throw new Error(`Seed input ${p} not found. The committed inputs are in mock/seed/reference/ (see its README).`);
  }
  return JSON.parse(fs.readFileSync(p, 'utf8'));
}

interface GeoFeature {
  properties: { adcode: number; name: string; center: LngLat };
  geometry: { type: 'MultiPolygon' | 'Polygon'; coordinates: unknown };
}

export function readTaiyuanInput(dir: string = defaultInputDir()): TaiyuanInput {
  const fc = readJson(dir, BOUNDARIES_FILE) as { features: GeoFeature[] };
  const districts = new Map<number, DistrictArea>();
  for (const f of fc.features) {
    const g = f.geometry;
    const polys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as LngLat[][][];
    districts.set(f.properties.adcode, {
      code: f.properties.adcode,
      name: f.properties.name,
      center: f.properties.center,
      rings: polys.map((poly) => poly[0]),
    });
  }
  const raw = readJson(dir, LANDMARKS_FILE) as { name: string; district: string; lat_gcj02: number; lng_gcj02: number }[];
  const landmarks = raw.map((l) => ({ name: l.name, district: l.district, lat: l.lat_gcj02, lng: l.lng_gcj02 }));
  return { dir, districts, landmarks };
}

/** The district area for a code, or a clear error. */
export function districtArea(input: TaiyuanInput, code: DistrictCode | number): DistrictArea {
  const d = input.districts.get(code);
  if (!d) throw new Error(`district ${code} missing from ${input.dir}/${BOUNDARIES_FILE}`);
  return d;
}
