import { Button, View, Text } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useCallback, useEffect, useState } from 'react';
import { fetchHealthStations, fetchSlots, type ClinicSession, type HealthStation } from '../../../../api/health';
import { ApiError } from '../../../../api/client';
import { useBookingsStore } from '../../../../stores/bookings';
import { useSessionStore } from '../../../../stores/session';
import { ErrorBanner } from '../../../../components/ErrorBanner';
import { ROUTES } from '../../../../platform/routes';
import { parseDate, parseShanghaiDateTime, shanghaiParts, weekdayOf } from '../../../../rules/time';
import { WEEKDAY_NAMES } from '../../../../rules/hours';

const hhmm = (iso: string): string => {
  const ms = parseShanghaiDateTime(iso);
  if (ms === null) return '--:--';
  const p = shanghaiParts(ms);
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
};
const dayLabel = (date: string): string => {
  const d = parseDate(date);
  return d ? `${d.month}/${d.day}` : date;
};

/** Health booking: a station, a date among the bookable days, slots with places left. */
export default function HealthPage() {
  const [stations, setStations] = useState<HealthStation[]>([]);
  const [dates, setDates] = useState<string[]>([]);
  const [stationId, setStationId] = useState<string | null>(null);
  const [date, setDate] = useState<string | null>(null);
  const [sessions, setSessions] = useState<ClinicSession[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { book, bookingSlotId, error: bookError } = useBookingsStore();
  const worker = useSessionStore((s) => s.worker);

  const loadStations = useCallback(async () => {
    setError(null);
    try {
      const r = await fetchHealthStations();
      setStations(r.stations);
      setDates(r.bookableDates);
      setStationId((id) => id ?? r.stations.find((s) => s.status === 'open')?.id ?? null);
      setDate((d) => d ?? r.bookableDates[0] ?? null);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '加载失败，请重试');
    }
  }, []);
  const loadSlots = useCallback(async () => {
    if (!stationId || !date) return;
    setError(null);
    setSessions(null);
    try {
      setSessions((await fetchSlots(stationId, date)).sessions);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '加载失败，请重试');
    }
  }, [stationId, date]);
  useEffect(() => {
    void loadStations();
  }, [loadStations]);
  useEffect(() => {
    void loadSlots();
  }, [loadSlots]);

  const onBook = async (slotId: string) => {
    if (!worker) return void Taro.navigateTo({ url: ROUTES.register });
    const b = await book(slotId);
    if (b) void Taro.navigateTo({ url: ROUTES.booking(b.id) });
    else void loadSlots();
  };

  return (
    <View className='page'>
      {error && <ErrorBanner message={error} onRetry={() => void (sessions === null && stations.length ? loadSlots() : loadStations())} />}
      <View className='wrap' style={{ marginBottom: '12px' }}>
        {stations.map((s) => (
          <View key={s.id} className={`chip ${s.id === stationId ? 'chip-on' : ''}`} onClick={() => s.status === 'open' && setStationId(s.id)} data-testid='health-station'>
            {s.name}{s.status === 'opening_soon' ? '（即将开放）' : ''}
          </View>
        ))}
      </View>
      <View className='date-strip'>
        {dates.map((d) => (
          <View key={d} className={`date ${d === date ? 'date-on' : ''}`} onClick={() => setDate(d)} data-testid='date'>
            <Text>{WEEKDAY_NAMES[weekdayOf(d) - 1]}</Text>
            <Text>{dayLabel(d)}</Text>
          </View>
        ))}
      </View>
      {bookError && <View className='banner banner-error' role='alert'>{bookError}</View>}
      {sessions && sessions.length === 0 && <View className='muted'>这一天没有专家出诊，请选择其他日期。</View>}
      {sessions?.map((s) => (
        <View key={s.id} className='card'>
          <View className='title'>{s.doctor.specialty} · {s.doctor.name} {s.doctor.title}</View>
          <View className='muted'>{hhmm(s.startsAt)}–{hhmm(s.endsAt)}{s.status === 'cancelled' ? '（已停诊）' : ''}</View>
          <View className='wrap' style={{ marginTop: '12px' }}>
            {s.slots.map((x) => (
              <Button key={x.id} className={`slot ${x.remaining <= 0 ? 'slot-full' : ''}`} data-testid='slot'
                disabled={!x.bookable || x.remaining <= 0 || bookingSlotId !== null} onClick={() => void onBook(x.id)}>
                <Text>{hhmm(x.startsAt)}</Text>
                <Text className='muted'>{x.remaining > 0 ? `余${x.remaining}` : '已满'}</Text>
              </Button>
            ))}
          </View>
        </View>
      ))}
      <Button className='btn btn-secondary' onClick={() => Taro.navigateTo({ url: ROUTES.myBookings })}>我的预约</Button>
    </View>
  );
}
