/** Page paths in one place (app.config.ts declares them). Query values are URL-encoded here. */
export const ROUTES = {
  home: '/pages/index/index',
  scan: '/pages/scan/index',
  me: '/pages/me/index',
  station: (id: string) => `/pages/station/index?id=${encodeURIComponent(id)}`,
  register: '/packages/register/pages/index/index',
  privacy: '/packages/register/pages/privacy/index',
  exportData: '/packages/register/pages/export/index',
  changePhone: '/packages/register/pages/phone/index',
  /** `fresh`: a one-time token of an in-app scan or typed code (the door page then opens even a just-used code). */
  unlock: (code: string, fresh?: string) =>
    `/packages/unlock/pages/index/index?code=${encodeURIComponent(code)}${fresh ? `&fresh=${encodeURIComponent(fresh)}` : ''}`,
  pass: '/packages/unlock/pages/pass/index',
  entries: '/packages/unlock/pages/entries/index',
  health: '/packages/health/pages/index/index',
  booking: (id: string) => `/packages/health/pages/booking/index?id=${encodeURIComponent(id)}`,
  myBookings: '/packages/health/pages/mine/index',
  /** The staff subpackage's home (roles and their ways in) and redeeming an invitation. */
  staff: '/packages/staff/pages/index/index',
  staffRedeem: '/packages/staff/pages/redeem/index',
};
