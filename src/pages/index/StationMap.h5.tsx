/**
 * h5 has no map view (the home page offers it on weapp only, where WeChat's <Map> takes GCJ-02 markers). Taro
 * resolves this file instead of StationMap.tsx in the h5 build, so the browser never downloads the H5 map
 * component and its gesture library (hammerjs).
 */
export function StationMap(): null {
  return null;
}
