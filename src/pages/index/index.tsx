import { Button, View, Text } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useCallback, useEffect, useState } from 'react';
import { useLocationStore } from '../../stores/location';
import { fetchedAtText, useNearbyStore, type NearbyFilters } from '../../stores/nearby';
import { StationList } from '../../components/StationList';
import { LocationFallback } from '../../components/LocationFallback';
import { ErrorBanner } from '../../components/ErrorBanner';
import { ROUTES } from '../../platform/routes';
import type { Fix } from '../../platform/location';
import { formatDistance } from '../../rules/geo';
import { FilterBar } from './FilterBar';
import { StationMap } from './StationMap';

/**
 * Home: stations within 1 km, nearest first, with "scan to open" one tap away. weapp can switch to a map; h5
 * shows the list (no map key needed). When location fails the worker gets a way forward; when the network
 * fails the last answer stays, marked with when it was fetched.
 */
export default function NearbyPage() {
  const location = useLocationStore();
  const nearby = useNearbyStore();
  const [view, setView] = useState<'list' | 'map'>('list');
  const weapp = process.env.TARO_ENV === 'weapp';

  const searchAround = useCallback((fix: Pick<Fix, 'lat' | 'lng'>) => useNearbyStore.getState().search(fix), []);
  const refresh = useCallback(async () => {
    const fix = await useLocationStore.getState().locate();
    if (fix) await searchAround(fix);
  }, [searchAround]);

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
    if (fix) void searchAround(fix);
  };
  const changeFilters = (f: Partial<NearbyFilters>) => {
    nearby.setFilters(f);
    research();
  };

  const result = nearby.result;
  const staleReason = !result || !nearby.fetchedAt ? null : nearby.error ? '网络不佳' : location.status === 'failed' ? '没能定位' : null;
  const showMap = weapp && view === 'map' && location.fix && result;
  return (
    <View className='page'>
      <Button className='btn btn-scan' onClick={() => Taro.switchTab({ url: ROUTES.scan })}>
        扫码开门
      </Button>

      {location.status === 'locating' && <View className='banner banner-info'>正在定位…</View>}
      {location.manualPlace && <View className='banner banner-info' data-testid='manual-place'>按“{location.manualPlace}”附近查找</View>}
      {location.status === 'failed' && location.failure && (
        <LocationFallback kind={location.failure.kind} message={location.failure.message} onRetry={refresh} onFix={searchAround} />
      )}
      {nearby.error && <ErrorBanner message={nearby.error} onRetry={research} />}
      {staleReason && nearby.fetchedAt && (
        <View className='banner banner-warn' data-testid='stale-banner'>
          {staleReason}，下面是 {fetchedAtText(nearby.fetchedAt, Date.now())} 查到的驿站，可能已有变化
        </View>
      )}

      <FilterBar filters={nearby.filters} onChange={changeFilters} />

      {weapp && result && (
        <View className='wrap' style={{ marginBottom: '12px' }}>
          <View className={`chip ${view === 'list' ? 'chip-on' : ''}`} data-testid='view-list' onClick={() => setView('list')}>列表</View>
          <View className={`chip ${view === 'map' ? 'chip-on' : ''}`} data-testid='view-map' onClick={() => setView('map')}>地图</View>
        </View>
      )}

      {nearby.loading && !result && <View className='muted'>正在查找附近驿站…</View>}
      {result && result.stations.length > 0 && (
        <View>
          <Text className='muted' data-testid='result-summary'>1公里内 {result.stations.length} 个驿站，由近到远</Text>
          {showMap ? <StationMap stations={result.stations} fix={location.fix!} manualPlace={location.manualPlace} onError={() => setView('list')} /> : <StationList stations={result.stations} />}
        </View>
      )}
      {result && result.stations.length === 0 && (
        <View data-testid='none-within'>
          <View className='banner banner-warn'>
            1公里内没有符合条件的驿站。
            {result.nearestBeyond.length > 0
              ? `离您最近的在${formatDistance(result.nearestBeyond[0].distanceM)}外，下面是最近的${result.nearestBeyond.length}个：`
              : '附近也没有，请换个筛选条件再试。'}
          </View>
          {showMap ? <StationMap stations={result.nearestBeyond} fix={location.fix!} manualPlace={location.manualPlace} onError={() => setView('list')} /> : <StationList stations={result.nearestBeyond} />}
        </View>
      )}
    </View>
  );
}
