import { Button, View, Text } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useCallback, useEffect, useState } from 'react';
import { fetchStation, type StationDetail } from '../../api/stations';
import { ApiError } from '../../api/client';
import { ErrorBanner } from '../../components/ErrorBanner';
import { useLocationStore } from '../../stores/location';
import { amenityLabel, gradeLabel, honourLabel, hostKindLabel } from '../../rules/catalog';
import { formatWeek } from '../../rules/hours';
import { formatDistance, haversineM } from '../../rules/geo';

/** One station: hours, amenities, honours, duty phone, navigate. */
export default function StationPage() {
  const { params } = useRouter();
  const id = params.id ?? '';
  const [station, setStation] = useState<StationDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fix = useLocationStore((s) => s.fix);

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

  if (error) return <View className='page'><ErrorBanner message={error} onRetry={load} /></View>;
  if (!station) return <View className='page muted'>加载中…</View>;
  const stateClass = station.open.status === 'open' ? 'tag tag-open' : station.open.status === 'suspended' ? 'tag tag-suspended' : 'tag tag-closed';
  return (
    <View className='page'>
      <View className='card'>
        <View className='title' data-testid='station-title'>{station.name}</View>
        <View className='subtitle'>{station.address}</View>
        <View className='wrap' style={{ marginTop: '8px' }}>
          <Text className={stateClass}>{station.open.label}</Text>
          {station.open.detail && <Text className='muted'>{station.open.detail}</Text>}
          {fix && <Text className='distance'>距您{formatDistance(haversineM(fix, station))}</Text>}
        </View>
        <Button
          className='btn btn-primary'
          onClick={() => void Taro.openLocation({ latitude: station.lat, longitude: station.lng, name: station.name, address: station.address, scale: 17 })}
        >
          导航过去
        </Button>
        <Button className='btn btn-secondary' onClick={() => void Taro.makePhoneCall({ phoneNumber: station.phone })}>
          拨打值班电话 {station.phone}
        </Button>
      </View>
      <View className='card'>
        <View className='label'>服务设施</View>
        <View className='wrap'>
          {station.amenities.map((a) => <Text key={a} className='tag'>{amenityLabel(a)}</Text>)}
        </View>
      </View>
      <View className='card'>
        <View className='label'>开放时间</View>
        {formatWeek(station.hours).map((d) => (
          <View key={d.weekday} className='row'><Text>{d.weekday}</Text><Text>{d.text}</Text></View>
        ))}
      </View>
      <View className='card'>
        <View className='label'>驿站信息</View>
        <View>{hostKindLabel(station.kind)} · {gradeLabel(station.grade)}</View>
        {station.honours.map((h) => <View key={h} className='muted'>🏅 {honourLabel(h)}</View>)}
        {station.smart && <View className='muted'>24小时无人值守智慧驿站，扫门上的二维码进门</View>}
      </View>
    </View>
  );
}
