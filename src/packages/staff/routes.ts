/** Pages of the staff subpackage (app.config.ts); query values URL-encoded here. */
export const STAFF_ROUTES = {
  home: '/packages/staff/pages/index/index',
  redeem: '/packages/staff/pages/redeem/index',
  station: (id: string) => `/packages/staff/pages/station/index?id=${encodeURIComponent(id)}`,
  clinic: (id: string) => `/packages/staff/pages/clinic/index?id=${encodeURIComponent(id)}`,
  alarms: '/packages/staff/pages/alarms/index',
  /** The desk console's QR sign-in (`l`: the login id). */
  console: (loginId: string) => `/packages/staff/pages/console/index?l=${encodeURIComponent(loginId)}`,
};
