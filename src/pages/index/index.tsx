import { Button, View, Text } from '@tarojs/components';
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro';
import { useCallback, useRef, useState } from 'react';
import { shouldLocateOnShow, useLocationStore } from '../../stores/location';
import { fetchedAtText, hasFilters, NEARBY_LIMIT, NO_FILTERS, sameFilters, useNearbyStore, type NearbyFilters } from '../../stores/nearby';
import { StationList } from '../../components/StationList';
import { LocationFallback, PlacePicker } from '../../components/LocationFallback';
import { ErrorBanner } from '../../components/ErrorBanner';
import { ROUTES } from '../../platform/routes';
import type { Fix } from '../../platform/location';
import type { NearbyResponse } from '../../api/stations';
import { formatDistance } from '../../rules/geo';
import { FilterBar, FilterNotice, FilterToggle } from './FilterBar';
import { StationMap } from './StationMap';
import { QuickActions } from './QuickActions';
import { useTextSizeStore } from '../../stores/textSize';
import { usePageClass } from '../../components/usePageClass';

/** Beyond this the nearest station is in another city: the worker is outside the stations' area, not unlucky. */
const OUT_OF_AREA_M = 50_000;

/** The count line: a full answer (the limit) may have left out farther stations, so it is not "exactly N". */
const summaryText = (count: number): string =>
  count >= NEARBY_LIMIT ? `1公里内最近的 ${count} 个驿站，由近到远` : `1公里内 ${count} 个驿站，由近到远`;

/** What to say when nothing is within 1 km; `place` is the chosen place the search was around, if any. */
function noneWithinText(r: NearbyResponse, filtered: boolean, place: string | null): string {
  const nearest = r.nearestBeyond[0];
  if (!nearest) return filtered ? '没有符合筛选条件的驿站。' : '附近还没有工会驿站。';
  const far = formatDistance(nearest.distanceM);
  const rest = `下面是最近的${r.nearestBeyond.length}个：`;
  if (!filtered && nearest.distanceM > OUT_OF_AREA_M) {
    return `${place ? `“${place}”` : '您所在的位置'}附近还没有工会驿站（最近的在${far}外），${rest}`;
  }
  return `1公里内没有${filtered ? '符合筛选条件的' : ''}驿站。离${place ? `“${place}”` : '您'}最近的在${far}外，${rest}`;
}

/**
 * Home: stations within 1 km, nearest first, with "scan to open" one tap away. weapp can switch to a map; h5
 * shows the list (no map key needed). When location fails the worker gets a way forward; when the network
 * fails the last answer stays, marked with when it was fetched.
 */
export default function NearbyPage() {
  const pageClass = usePageClass();
  const location = useLocationStore();
  const nearby = useNearbyStore();
  const [view, setView] = useState<'list' | 'map'>('list');
  // Folded by default: the chips took three rows above the list. The filters that are on stay named.
  const [filtersOpen, setFiltersOpen] = useState(false);
  const weapp = process.env.TARO_ENV === 'weapp';

  const large = useTextSizeStore((s) => s.mode !== 'standard');
  // A place chosen on an earlier visit (stores/location keeps it): searched around afresh once per launch.
  const placeSearched = useRef(false);
  const searchAround = useCallback((fix: Pick<Fix, 'lat' | 'lng'>) => useNearbyStore.getState().search(fix), []);
  // One locate-and-search at a time: a pull-down or a second tap while one runs joins it instead of asking again.
  const running = useRef<Promise<void> | null>(null);
  const refresh = useCallback((): Promise<void> => {
    running.current ??= (async () => {
      const fix = await useLocationStore.getState().locate();
      if (fix) await searchAround(fix);
    })().finally(() => {
      running.current = null;
    });
    return running.current;
  }, [searchAround]);
  const research = (): Promise<void> => {
    const fix = useLocationStore.getState().fix;
    return fix ? searchAround(fix) : Promise.resolve();
  };
  // A chosen place stays chosen: refreshing searches around it again; a live fix is read afresh.
  const reload = (): Promise<void> => (useLocationStore.getState().manualPlace ? research() : refresh());

  // Taro calls this on the first show too, so it is the one place the first search starts.
  useDidShow(() => {
    useNearbyStore.getState().restore();
    const loc = useLocationStore.getState();
    if (shouldLocateOnShow(loc, Date.now())) void refresh();
    else if (loc.manualPlace && loc.fix && !placeSearched.current) void searchAround(loc.fix);
    placeSearched.current = true;
  });
  usePullDownRefresh(() => {
    void reload().finally(() => Taro.stopPullDownRefresh());
  });

  const changeFilters = (f: Partial<NearbyFilters>) => {
    nearby.setFilters(f);
    void research();
  };
  const clearFilters = () => changeFilters(NO_FILTERS);

  const result = nearby.result;
  const filtered = hasFilters(nearby.filters);
  const filtersApplied = !nearby.resultFilters || sameFilters(nearby.filters, nearby.resultFilters);
  // A list around a chosen place is still right when locating fails: only a live fix goes stale.
  const staleReason =
    !result || !nearby.fetchedAt
      ? null
      : nearby.error
        ? '网络不佳'
        : location.status === 'failed' && !location.manualPlace
          ? '没能定位'
          : null;
  // While locating or after it failed, the fallback below offers the same ways forward: show them once.
  const fallbackShown = location.status === 'locating' || (location.status === 'failed' && !!location.failure);
  const nothingAnywhere = !!result && result.stations.length === 0 && result.nearestBeyond.length === 0;
  const showMap = weapp && view === 'map' && location.fix && result;
  return (
    <View className={pageClass}>
      <Button className='btn btn-scan btn-scan-home' onClick={() => Taro.switchTab({ url: ROUTES.scan })}>
        扫码开门
      </Button>
      {/* Large text: the nearest open station and 紧急求助 on the first screen too, one tap each. */}
      {large && <QuickActions stations={result?.stations ?? []} />}

      {location.manualPlace && (
        <View className='banner banner-info banner-row' data-testid='manual-place'>
          <Text className='banner-row-text'>
            {/* Said to be the place the worker chose (kept across reopening), not a failed location. */}
            <Text className='place-chosen-label'>所选位置</Text>“{location.manualPlace}”
          </Text>
          {!fallbackShown && (
            <View className='banner-actions'>
              <View className='chip chip-action' role='button' onClick={() => void refresh()}>
                重新定位
              </View>
              <PlacePicker chip label='更换位置' onFix={searchAround} />
            </View>
          )}
        </View>
      )}
      {fallbackShown && (
        <LocationFallback
          kind={location.failure?.kind ?? null}
          message={location.failure?.message ?? '正在定位…'}
          onRetry={() => void refresh()}
          onFix={searchAround}
        />
      )}
      {/* With a list on screen the error takes one row (the stale banner below says what the list is). */}
      {nearby.error &&
        (result ? (
          <View className='banner banner-error banner-row' role='alert'>
            <Text className='banner-row-text'>{nearby.error}</Text>
            <View className='chip chip-action' role='button' onClick={() => void research()}>
              重试
            </View>
          </View>
        ) : (
          <ErrorBanner message={nearby.error} onRetry={() => void research()} />
        ))}
      {staleReason && nearby.fetchedAt && (
        <View className='banner banner-warn' data-testid='stale-banner'>
          {filtersApplied
            ? `${staleReason}，下面是 ${fetchedAtText(nearby.fetchedAt, Date.now())} 查到的驿站，可能已有变化`
            : `${staleReason}，筛选未生效，下面是 ${fetchedAtText(nearby.fetchedAt, Date.now())} 查到的驿站`}
        </View>
      )}

      {/* One row above the list: 筛选, what the list is, and (weapp) map and 刷新. */}
      <View className='list-head'>
        <FilterToggle filters={nearby.filters} open={filtersOpen} onTap={() => setFiltersOpen(!filtersOpen)} />
        {nearby.loading && !result && <Text className='muted list-head-text'>正在查找附近驿站…</Text>}
        {result &&
          (nearby.loading ? (
            <Text className='muted list-head-text' data-testid='updating'>
              正在更新…
            </Text>
          ) : (
            result.stations.length > 0 && (
              <Text className='muted list-head-text' data-testid='result-summary'>
                {summaryText(result.stations.length)}
              </Text>
            )
          ))}
        {weapp && result && (
          <View
            className='chip chip-action list-head-action'
            role='button'
            data-testid={view === 'list' ? 'view-map' : 'view-list'}
            onClick={() => setView(view === 'list' ? 'map' : 'list')}
          >
            {view === 'list' ? '地图' : '列表'}
          </View>
        )}
        {/* h5 has no pull-down, and a worker who walked on needs a way to ask again. */}
        {result && (
          <View className='chip chip-action list-head-action' role='button' onClick={() => void reload()}>
            刷新
          </View>
        )}
      </View>
      {filtersOpen && <FilterBar filters={nearby.filters} onChange={changeFilters} onClose={() => setFiltersOpen(false)} />}
      {/* When nothing matches anywhere the clear button sits in that message instead, so there is one of it. */}
      <FilterNotice filters={nearby.filters} onClear={clearFilters} showClear={!nothingAnywhere} />

      {result && result.stations.length > 0 && (
        <View>
          {showMap ? (
            <StationMap stations={result.stations} fix={location.fix!} manualPlace={location.manualPlace} onError={() => setView('list')} />
          ) : (
            <StationList stations={result.stations} />
          )}
        </View>
      )}
      {result && result.stations.length === 0 && (
        <View data-testid='none-within'>
          <View className='banner banner-warn'>
            {noneWithinText(result, hasFilters(nearby.resultFilters ?? NO_FILTERS), location.manualPlace)}
            {nothingAnywhere && filtered && (
              <View className='banner-actions'>
                <View className='chip chip-action' role='button' onClick={clearFilters}>
                  清除筛选
                </View>
              </View>
            )}
          </View>
          {showMap ? (
            <StationMap
              stations={result.nearestBeyond}
              fix={location.fix!}
              manualPlace={location.manualPlace}
              onError={() => setView('list')}
            />
          ) : (
            <StationList stations={result.nearestBeyond} />
          )}
        </View>
      )}
    </View>
  );
}
