import { View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useBookingsStore } from '../../../../stores/bookings';
import { BookingSummary } from '../../../../components/BookingSummary';
import { ROUTES } from '../../../../platform/routes';
import { ProblemBanner } from '../../components/ProblemBanner';
import { CancelButton } from '../../components/CancelButton';

/** "My bookings": bookings and waiting places with their status; cancel or leave where allowed; tap for the QR. */
export default function MyBookingsPage() {
  const { bookings, loading, error, load } = useBookingsStore();
  useDidShow(() => {
    void load();
  });
  const nowMs = Date.now();
  return (
    <View className='page'>
      {error && <ProblemBanner problem={error} onRetry={() => void load()} />}
      {!loading && bookings.length === 0 && !error && <View className='muted'>还没有预约。</View>}
      {bookings.map((b) => (
        <View key={b.id} className='card' data-testid='my-booking'>
          <View onClick={() => Taro.navigateTo({ url: ROUTES.booking(b.id) })}>
            <BookingSummary booking={b} />
          </View>
          <CancelButton booking={b} nowMs={nowMs} />
        </View>
      ))}
    </View>
  );
}
