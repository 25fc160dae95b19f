/**
 * Mini-program manifest (https://developers.weixin.qq.com/miniprogram/dev/reference/configuration/app.html).
 * Main package: the pages a worker needs at once (nearby, station, scan, me). Registration, door
 * unlock and health booking load as subpackages so the first start stays small.
 */
export default defineAppConfig({
  pages: ['pages/index/index', 'pages/scan/index', 'pages/me/index', 'pages/station/index'],
  subPackages: [
    { root: 'packages/register', pages: ['pages/index/index', 'pages/privacy/index', 'pages/export/index', 'pages/phone/index'] },
    { root: 'packages/unlock', pages: ['pages/index/index', 'pages/pass/index', 'pages/entries/index'] },
    { root: 'packages/health', pages: ['pages/index/index', 'pages/booking/index', 'pages/mine/index'] },
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#c8102e',
    navigationBarTitleText: '驿站通',
    navigationBarTextStyle: 'white',
  },
  tabBar: {
    color: '#646a73',
    selectedColor: '#c8102e',
    backgroundColor: '#ffffff',
    list: [
      { pagePath: 'pages/index/index', text: '附近驿站' },
      { pagePath: 'pages/scan/index', text: '扫码开门' },
      { pagePath: 'pages/me/index', text: '我的' },
    ],
  },
  // Location is read with getLocation (GCJ-02) and chooseLocation as the map fallback.
  requiredPrivateInfos: ['getLocation', 'chooseLocation'],
  permission: {
    'scope.userLocation': { desc: '用于查找您身边1公里内的爱心驿站，并核验开门时您在驿站附近' },
  },
  __usePrivacyCheck__: true,
});
