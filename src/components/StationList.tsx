import { View, Text } from '@tarojs/components';
import { useEffect, useState } from 'react';
import type { NearbyStation } from '../api/stations';
import { ROUTES } from '../platform/routes';
import { amenityLabel, gradeLabel, hostKindLabel } from '../rules/catalog';
import { formatDistance, walkLine } from '../rules/geo';
import { openPage } from '../platform/openPage';
import { loadPageCode } from '../platform/pageCode';

const tagClass = (s: NearbyStation): string =>
  s.openNow ? 'tag tag-open' : s.openLabel === '暂停开放' ? 'tag tag-suspended' : 'tag tag-closed';

/**
 * Amenities a card shows, one row on a 375 px screen (six took a second row, and with 14 px tags two cards no longer
 * fit above the tab bar); the station page lists them all, and so does a card whose details cannot open.
 */
const CARD_AMENITIES = 5;

/**
 * The open stations first, then those not open now (closed or suspended), each group nearest first: at night a
 * worker must not walk to a locked door because it was nearest.
 */
export function openFirst(stations: NearbyStation[]): { open: NearbyStation[]; notOpen: NearbyStation[] } {
  return { open: stations.filter((s) => s.openNow), notOpen: stations.filter((s) => !s.openNow) };
}

/**
 * Stations as tappable cards (open ones first, the others after a heading, greyed, with a large 已打烊 and when
 * they open): name, distance, walk, open state, amenities. A tap opens the station page once
 * its code is in (h5 fetches it on first visit): the code is fetched as soon as the list shows, and when it
 * still cannot be (no network) the tapped card says so and shows everything the list has about the station.
 */
export function StationList({ stations }: { stations: NearbyStation[] }) {
  // The card whose station page could not open.
  const [unreachable, setUnreachable] = useState<string | null>(null);
  useEffect(() => {
    void loadPageCode(ROUTES.station(''));
  }, []);
  const open = (s: NearbyStation) => {
    const url = ROUTES.station(s.id);
    void loadPageCode(url).then((loaded) => {
      setUnreachable(loaded ? null : s.id);
      if (loaded) openPage(url);
    });
  };
  const { open: openNow, notOpen } = openFirst(stations);
  const card = (s: NearbyStation) => (
    <View
      key={s.id}
      className={`card station-card ${s.openNow ? '' : 'station-closed'}`}
      data-testid='station-card'
      data-station-id={s.id}
      data-open={s.openNow}
      onClick={() => open(s)}
    >
      <View className='row station-head'>
        <Text className='title station-name'>{s.name}</Text>
        <Text className='distance' data-distance-m={s.distanceM}>
          {formatDistance(s.distanceM)}
        </Text>
      </View>
      <View className='subtitle'>{s.address}</View>
      {s.openNow ? (
        <View className='wrap station-meta'>
          <Text className={tagClass(s)} data-testid='open-state'>
            {s.openLabel}
          </Text>
          {s.openDetail && <Text className='muted'>{s.openDetail}</Text>}
          <Text className='muted'>{walkLine(s.walkMinutes)}</Text>
        </View>
      ) : (
        <View className='wrap station-meta'>
          <Text className='tag tag-closed-big' data-testid='open-state'>
            {s.openLabel}
          </Text>
          {s.openDetail && <Text className='opens-when'>{s.openDetail}</Text>}
        </View>
      )}
      <View className='wrap station-meta'>
        {(unreachable === s.id ? s.amenities : s.amenities.slice(0, CARD_AMENITIES)).map((a) => (
          <Text key={a} className='tag'>
            {amenityLabel(a)}
          </Text>
        ))}
      </View>
      {unreachable === s.id && (
        <View className='station-offline' data-testid='station-offline'>
          <View className='station-offline-note' role='alert'>
            网络不通，驿站详情打不开；联网后再点一次这张卡片。
          </View>
          <View data-testid='station-offline-kind'>
            {gradeLabel(s.grade)} · {hostKindLabel(s.kind)}
          </View>
          {s.smart && <View className='muted'>24小时无人值守智慧驿站：扫门上的二维码开门，遇到紧急情况按门内的紧急呼叫按钮</View>}
        </View>
      )}
    </View>
  );
  return (
    <View className='station-list'>
      {openNow.map(card)}
      {notOpen.length > 0 && (
        <View className='list-group-head' data-testid='not-open-head'>
          {openNow.length > 0 ? `现在没开门的驿站（${notOpen.length}个）` : `附近的驿站现在都没开门（${notOpen.length}个）`}
        </View>
      )}
      {notOpen.map(card)}
    </View>
  );
}
