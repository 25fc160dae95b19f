import { Button, View, Text } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useCallback, useEffect } from 'react';
import { useLocationStore } from '../../stores/location';
import { useNearbyStore } from '../../stores/nearby';
import { StationList } from '../../components/StationList';
import { LocationFallback } from '../../components/LocationFallback';
import { ErrorBanner } from '../../components/ErrorBanner';
import { ROUTES } from '../../platform/routes';
import { AMENITIES } from '../../rules/catalog';
import { formatDistance } from '../../rules/geo';

const FILTER_AMENITIES = ['hot_water', 'toilet', 'charging', 'air_conditioning', 'microwave'] as const;

/** Home: stations within 1 km, nearest first, with "scan to open" one tap away. */
export default function NearbyPage() {
  const location = useLocationStore();
  const nearby = useNearbyStore();

  const refresh = useCallback(async () => {
    const fix = (await useLocationStore.getState().locate()) ?? useLocationStore.getState().fix;
    if (fix) await useNearbyStore.getState().search(fix);
  }, []);

  useEffect(() => {
    useNearbyStore.getState().restore();
    void refresh();
  }, [refresh]);
  useDidShow(() => {
    if (useLocationStore.getState().status === 'idle') void refresh();
  });
  usePullDownRefresh(() => {
    void refresh().finally(() => Taro.stopPullDownRefresh());
  });

  const research = () => {
    const fix = useLocationStore.getState().fix;
    if (fix) void useNearbyStore.getState().search(fix);
  };
  const toggleAmenity = (key: string) => {
    const a = nearby.filters.amenities;
    nearby.setFilters({ amenities: a.includes(key) ? a.filter((x) => x !== key) : [...a, key] });
    research();
  };

  const result = nearby.result;
  const stale = nearby.fetchedAt !== null && (nearby.error !== null || location.status === 'failed');
  return (
    <View className='page'>
      <Button className='btn btn-scan' onClick={() => Taro.switchTab({ url: ROUTES.scan })}>
        扫码开门
      </Button>

      {location.status === 'locating' && <View className='banner banner-info'>正在定位…</View>}
      {location.manualPlace && <View className='banner banner-info'>按“{location.manualPlace}”附近查找</View>}
      {location.status === 'failed' && location.failure && (
        <LocationFallback kind={location.failure.kind} message={location.failure.message} onRetry={refresh} />
      )}
      {nearby.error && <ErrorBanner message={nearby.error} onRetry={research} />}
      {stale && nearby.fetchedAt && (
        <View className='banner banner-warn'>网络不佳，显示的是 {new Date(nearby.fetchedAt).toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit' })} 获取的结果</View>
      )}

      <View className='wrap' style={{ marginBottom: '12px' }}>
        {FILTER_AMENITIES.map((key) => (
          <View key={key} className={`chip ${nearby.filters.amenities.includes(key) ? 'chip-on' : ''}`} onClick={() => toggleAmenity(key)}>
            {AMENITIES[key]}
          </View>
        ))}
        <View className={`chip ${nearby.filters.openNow ? 'chip-on' : ''}`} onClick={() => { nearby.setFilters({ openNow: !nearby.filters.openNow }); research(); }}>
          营业中
        </View>
        <View className={`chip ${nearby.filters.is24h ? 'chip-on' : ''}`} onClick={() => { nearby.setFilters({ is24h: !nearby.filters.is24h }); research(); }}>
          24小时
        </View>
      </View>

      {nearby.loading && !result && <View className='muted'>正在查找附近驿站…</View>}
      {result && result.stations.length > 0 && (
        <View>
          <Text className='muted'>1公里内共 {result.stations.length} 个驿站，由近到远</Text>
          <StationList stations={result.stations} />
        </View>
      )}
      {result && result.stations.length === 0 && (
        <View>
          <View className='banner banner-warn'>1公里内没有符合条件的驿站。下面是离您最近的驿站：</View>
          <StationList stations={result.nearestBeyond} />
          {result.nearestBeyond.length > 0 && (
            <Text className='muted'>最近的约 {formatDistance(result.nearestBeyond[0].distanceM)}</Text>
          )}
        </View>
      )}
    </View>
  );
}
