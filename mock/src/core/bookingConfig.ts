import { policyFromEnv, type BookingPolicy } from '@/rules/slots';

/** WeChat subscribe-message template ids, one per message kind (set in the mini-program admin console). */
export interface ReminderTemplates {
  reminder: string | null;
  promoted: string | null;
  sessionCancelled: string | null;
}

/**
 * Health-booking configuration from the environment:
 * BOOKING_RELEASE_DAYS, BOOKING_RELEASE_TIME, BOOKING_MAX_UPCOMING, BOOKING_CANCEL_BEFORE_MIN,
 * CHECK_IN_OPENS_BEFORE_MIN, NO_SHOW_LIMIT, NO_SHOW_WINDOW_DAYS, NO_SHOW_BLOCK_DAYS (the policy, see
 * src/rules/slots.ts); SCHEDULER_INTERVAL_S (0 turns the background scheduler off; tests drive it by hand);
 * WECHAT_TPL_REMINDER, WECHAT_TPL_PROMOTED, WECHAT_TPL_SESSION_CANCELLED (subscribe-message templates).
 */
export interface BookingConfig {
  policy: BookingPolicy;
  schedulerIntervalS: number;
  templates: ReminderTemplates;
}

/** @throws RangeError on values that cannot work, so a bad deployment fails at start, not at 08:00. */
export function loadBookingConfig(env: Record<string, string | undefined>): BookingConfig {
  const interval = env.SCHEDULER_INTERVAL_S === undefined || env.SCHEDULER_INTERVAL_S === '' ? 60 : Number(env.SCHEDULER_INTERVAL_S);
  if (!Number.isInteger(interval) || interval < 0) throw new RangeError('SCHEDULER_INTERVAL_S must be an integer >= 0');
  return {
    policy: policyFromEnv(env),
    schedulerIntervalS: interval,
    templates: {
      reminder: env.WECHAT_TPL_REMINDER || null,
      promoted: env.WECHAT_TPL_PROMOTED || null,
      sessionCancelled: env.WECHAT_TPL_SESSION_CANCELLED || null,
    },
  };
}
