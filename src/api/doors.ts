import { request } from './client';

export interface UnlockLocation {
  lat: number;
  lng: number;
  coord: 'gcj02' | 'wgs84';
  accuracyM?: number;
}

export interface UnlockResponse {
  grant: { id: string; doorId: string; stationId: string; expiresAt: string };
  station: { id: string; name: string; address: string; phone: string };
  door: { id: string; name: string };
  entry: { id: string; at: string; locationPresent: boolean; distanceM: number | null };
}

/** POST /doors/unlock with the scanned code and, when the phone gives one, the location. */
export const unlockDoor = (code: string, location?: UnlockLocation) =>
  request<UnlockResponse>('POST', '/doors/unlock', { body: { code, location } });
