import { Button, Text, View } from '@tarojs/components';
import { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro';
import Taro from '@tarojs/taro';
import { useCallback, useState } from 'react';
import {
  cancelSessionDoctorAbsent,
  fetchClinicDay,
  type ClinicBooking,
  type ClinicDay,
  type ClinicDaySession,
} from '../../../../api/clinic';
import { ErrorBanner } from '../../../../components/ErrorBanner';
import { usePageClass } from '../../../../components/usePageClass';
import { showDialog } from '../../../../platform/dialog';
import { messageOf } from '../../../../stores/staff';
import { timeOf } from '../../components/AlarmCard';
import { CheckInForm } from '../../components/CheckInForm';
import '../../staff.css';

const BOOKING_STATUS: Record<ClinicBooking['status'], string> = {
  booked: '未到',
  checked_in: '已签到',
  no_show: '爽约',
  cancelled: '已取消',
};

/**
 * Clinic staff: check-in (typed or scanned), today's sessions with their booked workers (masked), 医生缺席 for a
 * session (every booking cancelled by the station, never a no-show, workers told), and the day's no-shows.
 */
export default function ClinicPage() {
  const pageClass = usePageClass();
  const id = useRouter().params.id ?? '';
  const [day, setDay] = useState<ClinicDay | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [cancelError, setCancelError] = useState<{ id: string; message: string } | null>(null);

  const load = useCallback(async () => {
    try {
      setDay(await fetchClinicDay(id));
      setError(null);
    } catch (err) {
      setError(`没能读取今天的排班：${messageOf(err, '网络不通')}`);
    }
  }, [id]);
  useDidShow(() => void load());
  usePullDownRefresh(() => void load().finally(() => Taro.stopPullDownRefresh()));

  const doctorAbsent = async (s: ClinicDaySession) => {
    const { confirm } = await showDialog({
      title: '医生缺席',
      content: `取消 ${timeOf(s.startsAt)} ${s.doctor.name} 的门诊？已预约的 ${s.booked} 位职工会收到通知，不算他们爽约，候补也会清空。`,
      confirmText: '取消门诊',
      cancelText: '不取消',
      danger: true,
    });
    if (!confirm) return;
    setBusyId(s.id);
    setCancelError(null);
    try {
      await cancelSessionDoctorAbsent(s.id);
      await load();
    } catch (err) {
      setCancelError({ id: s.id, message: messageOf(err, '没能取消，请检查网络后重试') });
    } finally {
      setBusyId(null);
    }
  };

  return (
    <View className={pageClass}>
      <CheckInForm healthStationId={id} onDone={() => void load()} />
      {error && <ErrorBanner message={error} onRetry={() => void load()} />}
      {!day && !error && <View className='muted'>加载中…</View>}
      {day && day.sessions.length === 0 && <View className='card muted'>今天没有门诊。</View>}
      {day?.sessions.map((s) => (
        <View key={s.id} className='card' data-testid='clinic-session' data-status={s.status}>
          <View className='row session-head'>
            <View>
              <View className='title'>
                {timeOf(s.startsAt)}-{timeOf(s.endsAt)} {s.doctor.name}
              </View>
              <View className='subtitle'>
                {s.doctor.title} · {s.doctor.specialty}
              </View>
            </View>
            {s.status === 'cancelled' && <Text className='tag tag-suspended'>已取消</Text>}
          </View>
          <View className='muted'>
            预约 {s.booked}/{s.capacity} · 已签到 {s.checkedIn} · 候补 {s.waiting}
          </View>
          {s.bookings.map((b) => (
            <View key={b.id} className='row row-wrap booking-row'>
              <Text>
                {timeOf(b.startsAt)} {b.worker.maskedName} {b.worker.maskedPhone ?? ''}
              </Text>
              <Text className={`booking-status booking-status-${b.status}`}>
                {BOOKING_STATUS[b.status]}
                {b.status === 'checked_in' && b.checkedInAt ? ` ${timeOf(b.checkedInAt)}` : ''}
              </Text>
            </View>
          ))}
          {cancelError?.id === s.id && (
            <View className='banner banner-error' role='alert'>
              {cancelError.message}
            </View>
          )}
          {s.status === 'scheduled' && (
            <Button className='btn btn-danger' disabled={busyId === s.id} data-testid='doctor-absent' onClick={() => void doctorAbsent(s)}>
              {busyId === s.id ? '正在取消…' : '医生缺席，取消这场门诊'}
            </Button>
          )}
        </View>
      ))}
      {day && (
        <View className='card' data-testid='no-shows'>
          <View className='label'>今天爽约的（{day.noShows.length}）</View>
          {day.noShows.length === 0 && <View className='muted'>没有。</View>}
          {day.noShows.map((n) => (
            <View key={n.bookingId} className='booking-row'>
              {timeOf(n.startsAt)} {n.doctorName} · {n.worker.maskedName} {n.worker.maskedPhone ?? ''}
            </View>
          ))}
        </View>
      )}
    </View>
  );
}
