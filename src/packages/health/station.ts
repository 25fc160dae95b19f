import { useEffect, useState } from 'react';
import { fetchHealthStations, type HealthStation } from '../../api/health';

/**
 * The health station `id` from GET /health-stations (a booking names its station but carries neither its address
 * nor its position), or null until it arrives or when it cannot be had: the page works without it.
 */
export function useHealthStation(id: string | undefined): HealthStation | null {
  const [station, setStation] = useState<HealthStation | null>(null);
  useEffect(() => {
    if (!id) return undefined;
    let live = true;
    fetchHealthStations()
      .then((r) => {
        if (live) setStation(r.stations.find((s) => s.id === id) ?? null);
      })
      .catch(() => undefined); // Offline: no address and no navigation; the check-in code and the phone stay.
    return () => {
      live = false;
    };
  }, [id]);
  return station !== null && station.id === id ? station : null;
}
