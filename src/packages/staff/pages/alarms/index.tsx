import { Button, Text, View } from '@tarojs/components';
import { useState } from 'react';
import { fetchStaffStations, type StaffStation } from '../../../../api/staffStations';
import { ErrorBanner } from '../../../../components/ErrorBanner';
import { usePageClass } from '../../../../components/usePageClass';
import { openPage } from '../../../../platform/openPage';
import { messageOf, useStaffStore } from '../../../../stores/staff';
import { AlarmCard } from '../../components/AlarmCard';
import { LiveAlarms } from '../../components/LiveAlarms';
import { STAFF_ROUTES } from '../../routes';
import { ALARM_POLL_MS, usePolling } from '../../usePolling';
import '../../staff.css';

/** Resolved alarms shown under the live ones. */
const RESOLVED_SHOWN = 5;

/** A station needs someone when it shows open with a door offline, has an alarm, or a door is offline. */
const needsAttention = (s: StaffStation) => s.openButDoorOffline || s.openAlarms > 0 || s.doors.some((d) => d.health === 'offline');

/**
 * District and city staff: the alarms of their scope (live, newest and unhandled first) and the stations' status,
 * those needing attention first; each station opens its keeper page.
 */
export default function ScopeAlarmsPage() {
  const pageClass = usePageClass();
  const alerts = useStaffStore((s) => s.alerts);
  const fresh = useStaffStore((s) => s.fresh);
  const alertsError = useStaffStore((s) => s.alertsError);
  const alertsAt = useStaffStore((s) => s.alertsAt);
  const [stations, setStations] = useState<StaffStation[] | null>(null);
  const [stationsError, setStationsError] = useState<string | null>(null);
  const [allStations, setAllStations] = useState(false);

  const loadStations = async () => {
    try {
      setStations((await fetchStaffStations()).stations);
      setStationsError(null);
    } catch (err) {
      setStationsError(messageOf(err, '没能读取驿站状态，请重试'));
    }
  };
  usePolling(() => Promise.all([useStaffStore.getState().loadAlerts(), loadStations()]), ALARM_POLL_MS);

  const live = alerts.filter((a) => a.state !== 'resolved');
  const resolved = alerts.filter((a) => a.state === 'resolved').slice(0, RESOLVED_SHOWN);
  const attention = stations?.filter(needsAttention) ?? [];
  const listed = allStations ? (stations ?? []) : attention;

  return (
    <View className={pageClass}>
      <LiveAlarms alerts={live} fresh={fresh} error={alertsError} at={alertsAt} />
      <View className='card' data-testid='scope-stations'>
        <View className='label'>驿站状态{stations ? `：${stations.length} 个，${attention.length} 个需要关注` : ''}</View>
        {stationsError && <ErrorBanner message={stationsError} onRetry={() => void loadStations()} />}
        {!stations && !stationsError && <View className='muted'>加载中…</View>}
        {listed.map((s) => (
          <View key={s.id} className='door-row' data-testid='scope-station' onClick={() => openPage(STAFF_ROUTES.station(s.id))}>
            <View className='row row-wrap'>
              <Text className='link'>{s.name}</Text>
              <Text className={s.openNow ? 'tag tag-open' : 'tag tag-closed'}>{s.openLabel}</Text>
            </View>
            <View className='muted'>
              {s.openButDoorOffline ? '显示营业，但门禁离线 · ' : ''}
              门禁离线 {s.doors.filter((d) => d.health === 'offline').length}/{s.doors.length} · 待处理报警 {s.openAlarms} · 今日进站{' '}
              {s.entriesToday}
            </View>
          </View>
        ))}
        {stations && !allStations && stations.length > attention.length && (
          <Button className='btn btn-secondary' onClick={() => setAllStations(true)}>
            显示全部 {stations.length} 个驿站
          </Button>
        )}
      </View>
      {resolved.length > 0 && <View className='label'>最近处理完的</View>}
      {resolved.map((a) => (
        <AlarmCard key={a.id} alert={a} fresh={false} />
      ))}
    </View>
  );
}
