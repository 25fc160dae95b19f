import { View } from '@tarojs/components';
import Taro, { useDidShow } from '@tarojs/taro';
import { useBookingsStore } from '../../../../stores/bookings';
import { ErrorBanner } from '../../../../components/ErrorBanner';
import { BookingSummary } from '../../../../components/BookingSummary';
import { ROUTES } from '../../../../platform/routes';

/** "My bookings" with status; tap one to see its check-in code. */
export default function MyBookingsPage() {
  const { bookings, loading, error, load } = useBookingsStore();
  useDidShow(() => {
    void load();
  });
  return (
    <View className='page'>
      {error && <ErrorBanner message={error} onRetry={load} />}
      {!loading && bookings.length === 0 && !error && <View className='muted'>还没有预约。</View>}
      {bookings.map((b) => (
        <View key={b.id} className='card' data-testid='my-booking' onClick={() => Taro.navigateTo({ url: ROUTES.booking(b.id) })}>
          <BookingSummary booking={b} />
        </View>
      ))}
    </View>
  );
}
