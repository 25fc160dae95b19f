import { View, Text } from '@tarojs/components';
import { useRouter } from '@tarojs/taro';
import { useEffect } from 'react';
import { useBookingsStore } from '../../../../stores/bookings';
import { QrCode } from '../../../../components/QrCode';
import { BookingSummary } from '../../../../components/BookingSummary';

/** Booking confirmation: booking number, check-in QR and digits. */
export default function BookingPage() {
  const { params } = useRouter();
  const booking = useBookingsStore((s) => s.bookings.find((b) => b.id === params.id));
  useEffect(() => {
    if (!booking) void useBookingsStore.getState().load();
  }, [booking]);
  if (!booking) return <View className='page muted'>加载中…</View>;
  return (
    <View className='page'>
      <View className='card' data-testid='booking-confirmation'>
        <View className='big-text'>预约成功</View>
        <BookingSummary booking={booking} />
        <View className='qr'><QrCode text={booking.checkInCode} label='签到二维码' /></View>
        <View className='muted' style={{ textAlign: 'center' }}>到健康驿站后出示二维码或报签到码</View>
        <View className='code-digits' data-testid='check-in-code'>{booking.checkInCode}</View>
        <Text className='muted'>预约号 {booking.id}</Text>
      </View>
    </View>
  );
}
