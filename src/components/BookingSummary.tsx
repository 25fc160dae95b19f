import { View } from '@tarojs/components';
import type { Booking } from '../api/health';
import { parseShanghaiDateTime, shanghaiHhmm, shanghaiParts } from '../rules/time';
import { WEEKDAY_NAMES } from '../rules/hours';

const STATUS: Record<Booking['status'], string> = {
  booked: '已预约',
  checked_in: '已签到',
  cancelled: '已取消',
  no_show: '未到诊',
  waitlisted: '候补中',
};

/** The status as a worker reads it: who cancelled, and the place in line for a waiting place. */
export function statusText(b: Booking): string {
  if (b.status === 'cancelled' && b.cancelledBy === 'station') return '医生停诊，已取消';
  if (b.status === 'waitlisted' && b.position !== null) return `候补中，排第${b.position}位`;
  return STATUS[b.status] ?? b.status;
}

/** "12月3日 周四 09:00–09:30", from ISO +08:00 strings parsed with an explicit format. */
export function slotTimeText(startsAt: string, endsAt: string): string {
  const s = parseShanghaiDateTime(startsAt);
  const e = parseShanghaiDateTime(endsAt);
  if (s === null || e === null) return '时间未知';
  const a = shanghaiParts(s);
  return `${a.month}月${a.day}日 ${WEEKDAY_NAMES[a.weekday - 1]} ${shanghaiHhmm(s)}–${shanghaiHhmm(e)}`;
}

/** Station, doctor, time and status of a booking or waiting place. */
export function BookingSummary({ booking }: { booking: Booking }) {
  return (
    <View>
      <View className='title'>{booking.stationName}</View>
      <View>
        {booking.specialty} · {booking.doctorName} {booking.doctorTitle}
      </View>
      <View data-testid='booking-time'>{slotTimeText(booking.startsAt, booking.endsAt)}</View>
      <View className={`booking-status booking-status-${booking.status}`} data-testid='booking-status'>
        {statusText(booking)}
      </View>
    </View>
  );
}
