/**
 * Staff settings from environment variables (issue 13), read by loadConfig (config.ts) into `config.staff`.
 */
export interface StaffConfig {
  /**
   * ALARM_ESCALATE_S (120): an emergency alarm nobody acknowledged goes from the station's keepers to the district
   * staff after this long, and to the city admins after twice this long (issue 13: "e.g. 2 min").
   */
  alarmEscalateS: number;
  /**
   * ALERT_WITHDRAW_S (120): how long after pressing 紧急求助 the worker may withdraw the alert (取消求助: a slip of
   * the hand, or help no longer needed); after that only the union closes it.
   */
  alertWithdrawS: number;
  /** DOOR_OFFLINE_S (120): a door controller silent this long is offline (its long poll, at most 25 s, is its heartbeat). */
  doorOfflineS: number;
  /** INVITATION_TTL_S (259200 = 72 h): how long an invitation can be redeemed. */
  invitationTtlS: number;
  /**
   * RATE_STAFF_CHECKIN_FAIL_MAX (10) wrong check-in codes per staff member per RATE_STAFF_WINDOW_S (600): 10^8 codes
   * against a few thousand live bookings, so ten guesses in ten minutes find nobody's booking.
   */
  checkInFailuresMax: number;
  /** RATE_STAFF_REDEEM_FAIL_MAX (10) wrong invitation codes per account per RATE_STAFF_WINDOW_S. */
  redeemFailuresMax: number;
  /**
   * RATE_STAFF_REMOTE_OPEN_MAX (30) doors opened remotely per staff member per RATE_STAFF_WINDOW_S: a keeper
   * helping a queue of workers whose phones failed, never a door held open by a script.
   */
  remoteOpenMax: number;
  /** RATE_STAFF_REPORT_MAX (20) station reports per staff member per RATE_STAFF_WINDOW_S (each may carry a 2 MiB photo). */
  reportMax: number;
  /** RATE_STAFF_WINDOW_S (600): the window of the limits above, seconds. */
  windowS: number;
  /** WECHAT_TPL_ALARM: the subscribe-message template for alarms and offline doors; unset: the log. */
  alarmTemplate: string | null;
  /** CONSOLE_LOGIN_TTL_S (300): how long the desk console's sign-in QR can be approved. */
  consoleLoginTtlS: number;
  /** CONSOLE_SESSION_TTL_S (28800 = 8 h): a desk console session's lifetime (a working day; then a new QR). */
  consoleSessionTtlS: number;
  /** RATE_CONSOLE_LOGIN_ADDRESS_MAX (30): new console sign-in QRs per address per RATE_WINDOW_S. */
  consoleLoginsPerAddress: number;
  /**
   * CONSOLE_APP_BASE: where the app's h5 pages live, for the link in the console's QR (e.g. https://yz.tyzgh.cn);
   * unset: the origin the console was loaded from (development, where the same server serves both).
   */
  consoleAppBase: string | null;
}

const positiveInt = (v: string | undefined, dflt: number): number => {
  const n = v === undefined || v === '' ? NaN : Number(v);
  return Number.isInteger(n) && n > 0 ? n : dflt;
};

/** Builds the staff settings from `env`; missing or bad values fall back to the defaults. */
export function loadStaffConfig(env: NodeJS.ProcessEnv): StaffConfig {
  return {
    alarmEscalateS: positiveInt(env.ALARM_ESCALATE_S, 120),
    alertWithdrawS: positiveInt(env.ALERT_WITHDRAW_S, 120),
    doorOfflineS: positiveInt(env.DOOR_OFFLINE_S, 120),
    invitationTtlS: positiveInt(env.INVITATION_TTL_S, 72 * 3600),
    checkInFailuresMax: positiveInt(env.RATE_STAFF_CHECKIN_FAIL_MAX, 10),
    redeemFailuresMax: positiveInt(env.RATE_STAFF_REDEEM_FAIL_MAX, 10),
    remoteOpenMax: positiveInt(env.RATE_STAFF_REMOTE_OPEN_MAX, 30),
    reportMax: positiveInt(env.RATE_STAFF_REPORT_MAX, 20),
    windowS: positiveInt(env.RATE_STAFF_WINDOW_S, 600),
    alarmTemplate: env.WECHAT_TPL_ALARM || null,
    consoleLoginTtlS: positiveInt(env.CONSOLE_LOGIN_TTL_S, 300),
    consoleSessionTtlS: positiveInt(env.CONSOLE_SESSION_TTL_S, 8 * 3600),
    consoleLoginsPerAddress: positiveInt(env.RATE_CONSOLE_LOGIN_ADDRESS_MAX, 30),
    consoleAppBase: env.CONSOLE_APP_BASE ? env.CONSOLE_APP_BASE.replace(/\/+$/, '') : null,
  };
}
