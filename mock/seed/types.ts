/**
 * Types of the committed seed data in mock/seed/data/*.json (read by loadSeed in ./load.ts).
 * Coordinates are GCJ-02 (the system of the WeChat <Map> and of the input boundaries), 6 decimals.
 */
import type { OpeningHours } from '@/rules/hours';
import type { AmenityKey, DistrictCode, HonourKey, HostKindKey } from './catalog';

export type { OpeningHours };

/** [lng, lat] pair, GeoJSON order, GCJ-02. */
export type LngLat = [number, number];

export interface SeedDoor {
  /** /^[a-z0-9]{3,12}$/, unique across all stations, e.g. 'd0001'. */
  id: string;
  /** Chinese label shown to the worker: 正门, 侧门, ... */
  name: string;
  /** The door has a screen showing a rotating code (present only when true). */
  hasScreen?: boolean;
  /** The door has a pass reader (present only when true). */
  hasReader?: boolean;
}

export interface SeedStation {
  /** 'ty0001'..'ty0741', stable. */
  id: string;
  name: string;
  address: string;
  districtCode: DistrictCode;
  /** Chinese district name, e.g. 迎泽区. */
  district: string;
  lat: number;
  lng: number;
  kind: HostKindKey;
  /** 1..4, 4 = 四星 (highest). */
  grade: 1 | 2 | 3 | 4;
  /** Zero or more honours; a station may carry several (see data/README.md). */
  honours: HonourKey[];
  /** Always includes hot_water and seating. */
  amenities: AmenityKey[];
  hours: OpeningHours;
  /** Made-up duty phone: '0351-xxxxxxx' landline or 11-digit mobile. */
  phone: string;
  /** Unattended 24-hour smart station (无人值守数字化管理爱心驿站). */
  smart: boolean;
  smartKind: 'kiosk' | 'toilet' | null;
  doors: SeedDoor[];
}

export interface SeedDoctor {
  id: string;
  /** Made-up name. */
  name: string;
  title: '主任医师' | '副主任医师' | '主治医师';
  specialty: string;
  hospital: string;
}

/** A weekly booking template; the backend materialises concrete sessions and slots from it. */
export interface SessionTemplate {
  id: string;
  doctorId: string;
  /** 1 = Monday .. 7 = Sunday. */
  weekday: 1 | 2 | 3 | 4 | 5 | 6 | 7;
  /** 'HH:mm', Asia/Shanghai local time. */
  start: string;
  /** 'HH:mm', > start; (end - start) is a multiple of slotMinutes. */
  end: string;
  slotMinutes: 15 | 20 | 30;
  /** Bookings per slot, 1..4. */
  capacity: number;
}

export interface SeedHealthStation {
  id: string;
  name: string;
  /** The community health service centre hosting the station. */
  host: string;
  address: string;
  districtCode: DistrictCode;
  district: string;
  lat: number;
  lng: number;
  status: 'open' | 'opening_soon';
  /** 'YYYY-MM-DD' for open stations, null for those opening soon. */
  openedOn: string | null;
  phone: string;
  /** The hospital sending the specialists. */
  partnerHospital: string;
  services: string[];
  doctors: SeedDoctor[];
  templates: SessionTemplate[];
}

export interface SeedPlace {
  id: string;
  name: string;
  kind: 'district' | 'landmark';
  districtCode: DistrictCode;
  district: string;
  lat: number;
  lng: number;
}

export interface Seed {
  stations: SeedStation[];
  healthStations: SeedHealthStation[];
  /** Closed ring (first point repeated last), [lng, lat] GCJ-02. */
  mainUrbanArea: LngLat[];
}
