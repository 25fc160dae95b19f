import { Map as WxMap, type MapProps } from '@tarojs/components';
import type { NearbyStation } from '../../api/stations';
import type { Fix } from '../../platform/location';
import { ROUTES } from '../../platform/routes';
import { formatDistance } from '../../rules/geo';
import { openPage } from '../../platform/openPage';

/** Marker icons copied into the build by config/index.ts (WeChat needs files, not inlined images). */
const STATION_ICON = '/assets/map/station.png';
const ME_ICON = '/assets/map/me.png';
/** Marker id of the worker's chosen place; stations are 1..n in list order. */
const ME_MARKER_ID = 0;

type MapMarker = MapProps.marker;

const callout = (content: string): MapProps.callout => ({
  content,
  display: 'BYCLICK',
  color: '#1f2329',
  fontSize: 14,
  anchorX: 0,
  anchorY: 0,
  borderRadius: 8,
  borderWidth: 1,
  borderColor: '#c8102e',
  bgColor: '#ffffff',
  padding: 8,
  textAlign: 'center',
});

/**
 * Markers for WeChat's `<Map>` (GCJ-02, like the stations and WeChat's own map): one per station, id = its
 * place in the list + 1, with name and distance in the callout; plus the worker's chosen place when it is not
 * a live fix (a live fix is WeChat's own blue dot, `showLocation`).
 */
export function stationMarkers(stations: NearbyStation[], fix: Pick<Fix, 'lat' | 'lng'>, manualPlace: string | null): MapMarker[] {
  const markers: MapMarker[] = stations.map((s, i) => ({
    id: i + 1,
    latitude: s.lat,
    longitude: s.lng,
    iconPath: STATION_ICON,
    width: 32,
    height: 32,
    title: s.name,
    callout: callout(`${s.name} ${formatDistance(s.distanceM)}`),
  }));
  if (manualPlace) {
    markers.push({ id: ME_MARKER_ID, latitude: fix.lat, longitude: fix.lng, iconPath: ME_ICON, width: 24, height: 24, title: manualPlace });
  }
  return markers;
}

/** The station a tapped marker stands for, or null (the worker's own marker, a stale id). */
export function stationForMarker(stations: NearbyStation[], markerId: number | string): NearbyStation | null {
  const n = Number(markerId);
  return Number.isInteger(n) && n >= 1 && n <= stations.length ? stations[n - 1] : null;
}

/**
 * weapp: the stations on a map around the worker; tapping a marker or its callout opens the station.
 * `onError` is told when the map cannot render, so the page can go back to the list.
 */
export function StationMap(props: { stations: NearbyStation[]; fix: Fix; manualPlace: string | null; onError: () => void }) {
  const open = (markerId: number | string) => {
    const s = stationForMarker(props.stations, markerId);
    if (s) openPage(ROUTES.station(s.id));
  };
  return (
    <WxMap
      data-testid='station-map'
      style={{ width: '100%', height: '60vh', borderRadius: '12px' }}
      latitude={props.fix.lat}
      longitude={props.fix.lng}
      scale={15}
      showLocation={!props.manualPlace}
      markers={stationMarkers(props.stations, props.fix, props.manualPlace)}
      includePoints={[
        { latitude: props.fix.lat, longitude: props.fix.lng },
        ...props.stations.map((s) => ({ latitude: s.lat, longitude: s.lng })),
      ]}
      onMarkerTap={(e) => open(e.detail.markerId)}
      onCalloutTap={(e) => open(e.detail.markerId)}
      onError={props.onError}
    />
  );
}
