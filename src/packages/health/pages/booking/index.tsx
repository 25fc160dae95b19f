import { Button, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useEffect } from 'react';
import { useBookingsStore } from '../../../../stores/bookings';
import { QrCode } from '../../../../components/QrCode';
import { BookingSummary } from '../../../../components/BookingSummary';
import { ProblemBanner } from '../../components/ProblemBanner';
import { CancelButton } from '../../components/CancelButton';
import { dayTime } from '../../time';
import { useHealthStation } from '../../station';
import { navigateTo } from '../../../../platform/navigate';
import { usePageClass } from '../../../../components/usePageClass';

/**
 * One booking: the check-in QR and digits while it is active; a waiting place shows its place in line. Where to
 * go: the health station's address with walking directions, and its phone.
 */
export default function BookingPage() {
  const pageClass = usePageClass();
  const { params } = useRouter();
  const booking = useBookingsStore((s) => s.bookings.find((b) => b.id === params.id));
  const { error, load, loading } = useBookingsStore();
  const station = useHealthStation(booking?.stationId);
  useEffect(() => {
    if (!booking) void load();
  }, [booking, load]);
  if (!booking) {
    if (error)
      return (
        <View className={pageClass}>
          <ProblemBanner problem={error} onRetry={() => void load()} />
        </View>
      );
    return <View className={`${pageClass} muted`}>{loading ? '加载中…' : '没有找到这个预约，请到“我的预约”查看。'}</View>;
  }
  const active = booking.status === 'booked' || booking.status === 'checked_in';
  return (
    <View className={pageClass}>
      {error && <ProblemBanner problem={error} />}
      <View className='card' data-testid='booking-confirmation'>
        {booking.status === 'booked' && <View className='big-text'>预约成功</View>}
        {booking.status === 'waitlisted' && (
          <View className='big-text' data-testid='waitlist-position'>
            已加入候补，排第{booking.position}位
          </View>
        )}
        <BookingSummary booking={booking} />
        {booking.status === 'waitlisted' && (
          <View className='muted'>有人取消时，会按排队顺序自动为您约上并发消息通知；就诊开始后候补自动结束。</View>
        )}
        {active && booking.checkInCode && (
          <View>
            <View className='qr'>
              <QrCode text={booking.checkInCode} label='签到二维码' />
            </View>
            <View className='muted' style={{ textAlign: 'center' }}>
              {dayTime(booking.checkInOpensAt) ? `${dayTime(booking.checkInOpensAt)}起可签到，` : ''}到健康驿站后出示二维码或报签到码
            </View>
            <View className='code-digits' data-testid='check-in-code'>
              {booking.checkInCode}
            </View>
          </View>
        )}
        {station && (
          <View data-testid='station-address' style={{ marginTop: '12px' }}>
            地址：{station.address}
          </View>
        )}
        {/* Somewhere to go: a place held or waited for (a checked-in worker is there already). */}
        {station && (booking.status === 'booked' || booking.status === 'waitlisted') && (
          <Button className='btn btn-primary' data-testid='station-navigate' onClick={() => navigateTo(station)}>
            导航过去
          </Button>
        )}
        {booking.stationPhone && (
          <Button
            className='btn btn-secondary'
            data-testid='station-phone'
            onClick={() => void Taro.makePhoneCall({ phoneNumber: booking.stationPhone })}
          >
            联系健康驿站 {booking.stationPhone}
          </Button>
        )}
      </View>
      <CancelButton booking={booking} nowMs={Date.now()} />
    </View>
  );
}
