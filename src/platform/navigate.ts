import Taro from '@tarojs/taro';

export interface Destination {
  /** GCJ-02, as stations are stored. */
  lat: number;
  lng: number;
  name: string;
  address: string;
}

/**
 * Amap's URI API marker page for a GCJ-02 point (https://lbs.amap.com/api/uri-api/guide/mobile-web/point):
 * opens the Amap app when installed, its web map otherwise, where "到这去" starts walking directions.
 */
export function amapMarkerUrl(d: Destination): string {
  const q = [
    `position=${d.lng.toFixed(6)},${d.lat.toFixed(6)}`,
    `name=${encodeURIComponent(d.name)}`,
    'coordinate=gaode',
    'callnative=1',
    'src=yizhan',
  ].join('&');
  return `https://uri.amap.com/marker?${q}`;
}

/**
 * Walking directions to a station: WeChat's own map on weapp (`wx.openLocation`, GCJ-02); in a browser, where
 * openLocation works only inside WeChat's JS-SDK, Amap's marker page.
 */
export function navigateTo(d: Destination): void {
  if (process.env.TARO_ENV === 'weapp') {
    void Taro.openLocation({ latitude: d.lat, longitude: d.lng, name: d.name, address: d.address, scale: 17 });
    return;
  }
  window.location.href = amapMarkerUrl(d);
}
