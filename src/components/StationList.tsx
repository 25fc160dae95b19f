import { View, Text } from '@tarojs/components';
import type { NearbyStation } from '../api/stations';
import { ROUTES } from '../platform/routes';
import { amenityLabel } from '../rules/catalog';
import { formatDistance, walkLine } from '../rules/geo';
import { openPage } from '../platform/openPage';

const tagClass = (s: NearbyStation): string => (s.openNow ? 'tag tag-open' : s.openLabel === '暂停开放' ? 'tag tag-suspended' : 'tag tag-closed');

/** Stations as tappable cards: name, distance, walk, open state, amenities. */
export function StationList({ stations }: { stations: NearbyStation[] }) {
  return (
    <View className='station-list'>
      {stations.map((s) => (
        <View key={s.id} className='card station-card' data-testid='station-card' data-station-id={s.id} onClick={() => openPage(ROUTES.station(s.id))}>
          <View className='row station-head'>
            <Text className='title station-name'>{s.name}</Text>
            <Text className='distance' data-distance-m={s.distanceM}>{formatDistance(s.distanceM)}</Text>
          </View>
          <View className='subtitle'>{s.address}</View>
          <View className='wrap station-meta'>
            <Text className={tagClass(s)}>{s.openLabel}</Text>
            {s.openDetail && <Text className='muted'>{s.openDetail}</Text>}
            <Text className='muted'>{walkLine(s.walkMinutes)}</Text>
          </View>
          <View className='wrap station-meta'>
            {s.amenities.slice(0, 6).map((a) => (
              <Text key={a} className='tag'>{amenityLabel(a)}</Text>
            ))}
          </View>
        </View>
      ))}
    </View>
  );
}
