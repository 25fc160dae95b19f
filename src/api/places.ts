import { request } from './client';

/** A district seat or landmark a worker can pick when location fails (GCJ-02). */
export interface Place {
  id: string;
  name: string;
  kind: 'district' | 'landmark';
  district: string;
  lat: number;
  lng: number;
}

/** GET /places. */
export const fetchPlaces = () => request<{ places: Place[] }>('GET', '/places');
