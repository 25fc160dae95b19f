import Taro from '@tarojs/taro';
import { ErrorBanner } from '../../../components/ErrorBanner';
import type { BookingProblem } from '../../../stores/bookings';
import { ROUTES } from '../../../platform/routes';
import { UNION_HOTLINE } from '../../../platform/config';
import { openPage } from '../../../platform/openPage';

/** Codes after which trying the same request again can help (network, timeout, server trouble). */
const RETRYABLE = new Set(['NETWORK', 'TIMEOUT', 'SERVER_ERROR', 'INTERNAL', 'RATE_LIMITED', 'UNKNOWN', 'HTTP_ERROR']);

/**
 * The server's message (what happened, what to do) plus the one action that helps: retry, join the waitlist,
 * register, open "my bookings", or call the union hotline.
 */
export function ProblemBanner(props: { problem: BookingProblem; onRetry?: () => void; onWaitlist?: () => void }) {
  const { code, message } = props.problem;
  const go = (url: string) => () => openPage(url);
  const action =
    code === 'SLOT_FULL' && props.onWaitlist
      ? { text: '加入候补', onTap: props.onWaitlist }
      : code === 'NOT_REGISTERED'
        ? { text: '去登记', onTap: go(ROUTES.register) }
        : code === 'BOOKING_LIMIT' || code === 'ALREADY_BOOKED' || code === 'ALREADY_WAITLISTED'
          ? { text: '查看我的预约', onTap: go(ROUTES.myBookings) }
          : code === 'BOOKING_BLOCKED'
            ? { text: `拨打 ${UNION_HOTLINE}`, onTap: () => void Taro.makePhoneCall({ phoneNumber: UNION_HOTLINE }).catch(() => undefined) }
            : undefined;
  return <ErrorBanner message={message} onRetry={RETRYABLE.has(code) ? props.onRetry : undefined} action={action} />;
}
