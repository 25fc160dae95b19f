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
  unlock: (code: string) => `/packages/unlock/pages/index/index?code=${encodeURIComponent(code)}`,
  pass: '/packages/unlock/pages/pass/index',
  entries: '/packages/unlock/pages/entries/index',
  health: '/packages/health/pages/index/index',
  booking: (id: string) => `/packages/health/pages/booking/index?id=${encodeURIComponent(id)}`,
  myBookings: '/packages/health/pages/mine/index',
};
