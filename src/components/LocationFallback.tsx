import { Button, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { fetchPlaces, type Place } from '../api/places';
import { useLocationStore } from '../stores/location';
import { useNearbyStore } from '../stores/nearby';
import type { LocationFailureKind } from '../platform/location';

/**
 * What a worker can do when location fails: retry, open settings (permission refused before),
 * pick a point on the map (weapp), or choose a district or landmark from a list.
 */
export function LocationFallback(props: { kind: LocationFailureKind; message: string; onRetry: () => void }) {
  const [places, setPlaces] = useState<Place[] | null>(null);
  const [placesError, setPlacesError] = useState<string | null>(null);
  const weapp = process.env.TARO_ENV === 'weapp';

  const pickSpot = (name: string, lat: number, lng: number) => {
    useLocationStore.getState().choosePlace(name, lat, lng);
    void useNearbyStore.getState().search({ lat, lng });
    setPlaces(null);
  };
  const showPlaces = async () => {
    setPlacesError(null);
    try {
      setPlaces((await fetchPlaces()).places);
    } catch {
      setPlacesError('地点列表加载失败，请检查网络后重试');
    }
  };
  const chooseOnMap = async () => {
    try {
      const r = await Taro.chooseLocation({});
      pickSpot(r.name || r.address || '地图选点', r.latitude, r.longitude);
    } catch {
      // The worker closed the map; the other choices stay on screen.
    }
  };

  return (
    <View className='banner banner-warn' role='alert' data-testid='location-fallback' data-kind={props.kind}>
      <View>{props.message}</View>
      {props.kind !== 'unsupported' && props.kind !== 'insecure' && (
        <Button className='btn btn-secondary' onClick={props.onRetry}>重新定位</Button>
      )}
      {weapp && (props.kind === 'denied_before' || props.kind === 'denied') && (
        <Button className='btn btn-secondary' onClick={() => void Taro.openSetting({})}>去设置打开位置权限</Button>
      )}
      {weapp && <Button className='btn btn-secondary' onClick={chooseOnMap}>在地图上选择位置</Button>}
      <Button className='btn btn-secondary' onClick={showPlaces}>选择所在区域或地标</Button>
      {placesError && <View className='field-error'>{placesError}</View>}
      {places && (
        <View className='wrap'>
          {places.map((p) => (
            <View key={p.id} className='chip' onClick={() => pickSpot(p.name, p.lat, p.lng)}>{p.name}</View>
          ))}
        </View>
      )}
    </View>
  );
}
