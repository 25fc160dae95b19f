import { Button, View, Text } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useCallback, useEffect, useState } from 'react';
import { fetchStation, type StationDetail } from '../../api/stations';
import { ApiError } from '../../api/client';
import { ErrorBanner } from '../../components/ErrorBanner';
import { EmergencyCall } from '../../components/EmergencyCall';
import { useLocationStore } from '../../stores/location';
import { fetchedAtText, useNearbyStore } from '../../stores/nearby';
import { amenityLabel, gradeLabel, honourLabel, hostKindLabel } from '../../rules/catalog';
import { formatWeek } from '../../rules/hours';
import { formatDistance, haversineM, walkLine, walkMinutes } from '../../rules/geo';
import { amenityIcon, openStateLine, todayWeekday, upcomingClosures } from './details';
import { navigateTo } from '../../platform/navigate';
import { ROUTES } from '../../platform/routes';
import { usePageClass } from '../../components/usePageClass';

const STATE_CLASS = { open: 'tag tag-open', closed: 'tag tag-closed', suspended: 'tag tag-suspended' } as const;

/** One station: open state, distance, navigate, duty phone, amenities, the week's hours, closures, grade, honours. */
export default function StationPage() {
  const pageClass = usePageClass();
  const { params } = useRouter();
  const id = params.id ?? '';
  const [station, setStation] = useState<StationDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fix = useLocationStore((s) => s.fix);
  const manualPlace = useLocationStore((s) => s.manualPlace);

  const load = useCallback(async () => {
    setError(null);
    try {
      setStation(await fetchStation(id));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '加载失败，请重试');
    }
  }, [id]);
  useEffect(() => {
    void load();
  }, [load]);

  // Opened from a shared link there may be no page to go back to: home is always a way forward.
  const home = { text: '回到附近驿站', onTap: () => void Taro.switchTab({ url: ROUTES.home }) };
  if (error) {
    return (
      <View className={pageClass}>
        <ErrorBanner message={error} onRetry={load} action={home} />
        <ListedFallback id={id} />
      </View>
    );
  }
  if (!station) return <View className={`${pageClass} muted`}>加载中…</View>;
  const nowMs = Date.now();
  const distanceM = fix ? haversineM(fix, station) : null;
  const stateLine = openStateLine(station.open, nowMs);
  const closures = upcomingClosures(station.hours, nowMs);
  const today = todayWeekday(nowMs);
  return (
    <View className={pageClass}>
      <View className='card'>
        <View className='title' data-testid='station-title'>
          {station.name}
        </View>
        <View className='subtitle'>{station.address}</View>
        <View className='wrap' style={{ marginTop: '8px' }}>
          <Text className={STATE_CLASS[station.open.status]} data-testid='open-label'>
            {station.open.label}
          </Text>
          {stateLine && (
            <Text className='muted' data-testid='open-detail'>
              {stateLine}
            </Text>
          )}
        </View>
        {distanceM !== null && (
          <View style={{ marginTop: '8px' }} data-testid='distance'>
            <Text className='distance'>
              {manualPlace ? `距“${manualPlace}”` : '距您'}
              {formatDistance(distanceM)}
            </Text>
            <Text className='muted'> {walkLine(walkMinutes(distanceM))}</Text>
          </View>
        )}
        <Button className='btn btn-primary' onClick={() => navigateTo(station)}>
          导航过去
        </Button>
        <Button className='btn btn-secondary' data-testid='call' onClick={() => void Taro.makePhoneCall({ phoneNumber: station.phone })}>
          拨打值班电话 {station.phone}
        </Button>
        <EmergencyCall stationId={station.id} phone={station.phone} />
      </View>

      {closures.length > 0 && (
        <View className='card' data-testid='closures'>
          <View className='label'>暂停开放</View>
          {closures.map((c) => (
            <View key={c.when} className={c.active ? '' : 'muted'}>
              {c.active ? '正在暂停：' : '将暂停：'}
              {c.when}（{c.reason}）
            </View>
          ))}
        </View>
      )}

      <View className='card'>
        <View className='label'>服务设施</View>
        <View className='wrap' data-testid='amenities'>
          {station.amenities.map((a) => (
            <Text key={a} className='tag'>
              <Text aria-hidden>{amenityIcon(a)}</Text> {amenityLabel(a)}
            </Text>
          ))}
        </View>
      </View>

      <View className='card' data-testid='week'>
        <View className='label'>开放时间</View>
        {formatWeek(station.hours).map((d, i) => (
          <View key={d.weekday} className='row' style={i + 1 === today ? { fontWeight: 700 } : undefined} data-today={i + 1 === today}>
            <Text>
              {d.weekday}
              {i + 1 === today ? '（今天）' : ''}
            </Text>
            <Text>{d.text}</Text>
          </View>
        ))}
      </View>

      <View className='card'>
        <View className='label'>驿站信息</View>
        <View>
          {gradeLabel(station.grade)} · {hostKindLabel(station.kind)}
        </View>
        {station.honours.map((h) => (
          <View key={h} className='muted'>
            🏅 {honourLabel(h)}
          </View>
        ))}
        {station.smart && <View className='muted'>24小时无人值守智慧驿站：扫门上的二维码开门，遇到紧急情况按门内的紧急呼叫按钮</View>}
      </View>
    </View>
  );
}

/**
 * What the nearby list had of station `id` (its last answer, kept offline), shown when the details cannot be
 * fetched: a worker offline at the door still sees where the station is and what it offers, marked with when the
 * list was fetched. Nothing when the station was not in the list.
 */
function ListedFallback({ id }: { id: string }) {
  const listed = useNearbyStore((s) => s.result?.stations.find((x) => x.id === id) ?? s.result?.nearestBeyond.find((x) => x.id === id));
  const fetchedAt = useNearbyStore((s) => s.fetchedAt);
  if (!listed) return null;
  return (
    <View className='card' data-testid='station-listed'>
      <View className='title'>{listed.name}</View>
      <View className='subtitle'>{listed.address}</View>
      <View className='muted' style={{ marginTop: '8px' }}>
        {fetchedAt ? `${fetchedAtText(fetchedAt, Date.now())} 查到：` : ''}
        {listed.openLabel}
        {listed.openDetail ? ` · ${listed.openDetail}` : ''}，{formatDistance(listed.distanceM)}
      </View>
      <View className='wrap' style={{ marginTop: '8px' }}>
        {listed.amenities.map((a) => (
          <Text key={a} className='tag'>
            {amenityLabel(a)}
          </Text>
        ))}
      </View>
      <View className='muted' style={{ marginTop: '8px' }}>
        值班电话和营业时间要联网后才能看到。
      </View>
    </View>
  );
}
