import { View } from '@tarojs/components';
import { useDidShow } from '@tarojs/taro';
import { useBookingsStore } from '../../../../stores/bookings';
import { BookingSummary } from '../../../../components/BookingSummary';
import { ROUTES } from '../../../../platform/routes';
import { ProblemBanner } from '../../components/ProblemBanner';
import { CancelButton } from '../../components/CancelButton';
import { openPage } from '../../../../platform/openPage';
import { usePageClass } from '../../../../components/usePageClass';

/** Statuses that still ask something of the worker: listed first. */
const ACTIVE = new Set(['booked', 'waitlisted']);

/** "My bookings": bookings and waiting places with their status; cancel or leave where allowed; tap for the QR. */
export default function MyBookingsPage() {
  const pageClass = usePageClass();
  const { bookings, loading, error, load, cancel } = useBookingsStore();
  // 重试 repeats what failed: the cancel of that booking, or loading the list.
  const retry = () => {
    const failed = error?.during === 'cancel' ? bookings.find((b) => b.id === error.bookingId) : undefined;
    void (failed ? cancel(failed) : load());
  };
  useDidShow(() => {
    void load();
  });
  const nowMs = Date.now();
  // What still needs the worker (booked, waiting) first; over or cancelled after, each group as the server sent it.
  const sorted = [...bookings.filter((b) => ACTIVE.has(b.status)), ...bookings.filter((b) => !ACTIVE.has(b.status))];
  return (
    <View className={pageClass}>
      {error && error.during !== 'book' && <ProblemBanner problem={error} onRetry={retry} />}
      {!loading && bookings.length === 0 && !error && <View className='muted'>还没有预约。</View>}
      {sorted.map((b) => (
        <View key={b.id} className='card' data-testid='my-booking'>
          <View onClick={() => openPage(ROUTES.booking(b.id))}>
            <BookingSummary booking={b} />
          </View>
          <CancelButton booking={b} nowMs={nowMs} />
        </View>
      ))}
    </View>
  );
}
