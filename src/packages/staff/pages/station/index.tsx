import { Button, View } from '@tarojs/components';
import { useDidShow, useRouter } from '@tarojs/taro';
import { useCallback, useState } from 'react';
import { fetchStation, type StationDetail } from '../../../../api/stations';
import { fetchStaffStations, fetchStationEntries, type StaffStation, type StationEntry } from '../../../../api/staffStations';
import { ErrorBanner } from '../../../../components/ErrorBanner';
import { usePageClass } from '../../../../components/usePageClass';
import { messageOf, useStaffStore } from '../../../../stores/staff';
import { LiveAlarms } from '../../components/LiveAlarms';
import { DoorsCard } from '../../components/DoorsCard';
import { EntriesCard } from '../../components/EntriesCard';
import { ReportForm } from '../../components/ReportForm';
import { StationStateCard } from '../../components/StationStateCard';
import { ALARM_POLL_MS, usePolling } from '../../usePolling';
import '../../staff.css';

/**
 * A keeper's station: its alarms first (live), then open now, posted hours and closure, each door's controller with
 * 远程开门, today's entries, and 报修/补给.
 */
export default function KeeperStationPage() {
  const pageClass = usePageClass();
  const id = useRouter().params.id ?? '';
  const [station, setStation] = useState<StaffStation | null>(null);
  const [stationError, setStationError] = useState<string | null>(null);
  const [detail, setDetail] = useState<StationDetail | null>(null);
  const [detailError, setDetailError] = useState<string | null>(null);
  const [entries, setEntries] = useState<StationEntry[] | null>(null);
  const [entriesError, setEntriesError] = useState<string | null>(null);
  const [allEntries, setAllEntries] = useState(false);
  const alerts = useStaffStore((s) => s.alerts).filter((a) => a.station.id === id && a.state !== 'resolved');
  const fresh = useStaffStore((s) => s.fresh);
  const alertsError = useStaffStore((s) => s.alertsError);
  const alertsAt = useStaffStore((s) => s.alertsAt);

  const loadStation = useCallback(async () => {
    try {
      const found = (await fetchStaffStations()).stations.find((s) => s.id === id);
      if (!found) return setStationError('您管理的驿站里没有这一个。请回到工作人员页面重新进入。');
      setStation(found);
      setStationError(null);
    } catch (err) {
      setStationError(messageOf(err, '没能读取驿站状态，请重试'));
    }
  }, [id]);
  const loadDetail = useCallback(async () => {
    try {
      setDetail(await fetchStation(id));
      setDetailError(null);
    } catch (err) {
      setDetailError(messageOf(err, '没能读取开放时间，请重试'));
    }
  }, [id]);
  const loadEntries = useCallback(async () => {
    try {
      setEntries((await fetchStationEntries(id)).entries);
      setEntriesError(null);
    } catch (err) {
      setEntriesError(messageOf(err, '没能读取进站记录，请重试'));
    }
  }, [id]);

  usePolling(() => Promise.all([useStaffStore.getState().loadAlerts(), loadStation()]), ALARM_POLL_MS);
  useDidShow(() => {
    void loadDetail();
    void loadEntries();
  });
  const changed = () => {
    void loadStation();
    void loadDetail();
  };

  return (
    <View className={pageClass}>
      <LiveAlarms alerts={alerts} fresh={fresh} error={alertsError} at={alertsAt} />
      {stationError && <ErrorBanner message={stationError} onRetry={() => void loadStation()} />}
      {!station && !stationError && <View className='muted'>加载中…</View>}
      {station && (
        <>
          <StationStateCard
            station={station}
            detail={detail}
            detailError={detailError}
            onRetryDetail={() => void loadDetail()}
            onChanged={changed}
          />
          <DoorsCard doors={station.doors} onOpened={() => void loadEntries()} />
        </>
      )}
      <EntriesCard
        entries={entries}
        error={entriesError}
        all={allEntries}
        onAll={() => setAllEntries(true)}
        onRetry={() => void loadEntries()}
      />
      {entries && (
        <Button className='btn btn-secondary' onClick={() => void loadEntries()}>
          刷新进站记录
        </Button>
      )}
      <ReportForm stationId={id} />
    </View>
  );
}
