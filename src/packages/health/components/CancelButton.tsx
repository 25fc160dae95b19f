import { Button, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { Booking } from '../../../api/health';
import { useBookingsStore } from '../../../stores/bookings';
import { dayTime, isBefore, unbroken } from '../time';
import { showDialog } from '../../../platform/dialog';

/**
 * Cancel (a booking, until its deadline) or leave (a waiting place), after a confirmation. Past the deadline it
 * says whom to call instead. `nowMs` is the phone's clock; the server decides.
 */
export function CancelButton({ booking, nowMs }: { booking: Booking; nowMs: number }) {
  const { cancel, cancellingId } = useBookingsStore();
  const waitlisted = booking.status === 'waitlisted';
  if (booking.status !== 'booked' && !waitlisted) return null;
  if (!waitlisted && !isBefore(nowMs, booking.cancellableUntil)) {
    return (
      <View className='muted' data-testid='cancel-closed'>
        已过在线取消时间，来不了请致电 {booking.stationPhone}
      </View>
    );
  }
  const onTap = async () => {
    // Dates and times kept whole ("12月3日", "12:30"): the dialog may break a line anywhere else.
    const when = (iso: string | null): string | null => {
      const text = dayTime(iso);
      return text === null ? null : unbroken(text);
    };
    const deadline = when(booking.cancellableUntil);
    // Which one: two cards can show the same time at two stations.
    const which = `${when(booking.startsAt) ?? ''} ${booking.stationName} ${booking.specialty} ${booking.doctorName}。`;
    const answer = await showDialog({
      title: waitlisted ? '退出候补' : '取消预约',
      content: waitlisted
        ? `${which}退出后不再为您候补这个时段。`
        : `${which}取消后号源会让给其他职工。${deadline ? `${deadline}前可以在线取消。` : ''}`,
      confirmText: waitlisted ? '退出候补' : '取消预约',
      cancelText: '再想想',
    });
    if (!answer.confirm) return;
    if (await cancel(booking)) void Taro.showToast({ title: waitlisted ? '已退出候补' : '已取消', icon: 'success' });
  };
  return (
    <Button className='btn btn-secondary' data-testid='cancel-booking' disabled={cancellingId !== null} onClick={() => void onTap()}>
      {waitlisted ? '退出候补' : '取消预约'}
    </Button>
  );
}
