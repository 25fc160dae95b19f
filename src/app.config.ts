/**
 * Mini-program manifest (https://developers.weixin.qq.com/miniprogram/dev/reference/configuration/app.html).
 * Main package: the pages a worker needs at once (nearby, station, scan, me). Registration, door
 * unlock, health booking and the staff pages load as subpackages so the first start stays small.
 */
export default defineAppConfig({
  pages: ['pages/index/index', 'pages/scan/index', 'pages/me/index', 'pages/station/index'],
  subPackages: [
    { root: 'packages/register', pages: ['pages/index/index', 'pages/privacy/index', 'pages/export/index', 'pages/phone/index'] },
    { root: 'packages/unlock', pages: ['pages/index/index', 'pages/pass/index', 'pages/entries/index'] },
    { root: 'packages/health', pages: ['pages/index/index', 'pages/booking/index', 'pages/mine/index'] },
    // Union staff (issue 13): only 我的's entry to it is in the main package.
    {
      root: 'packages/staff',
      pages: [
        'pages/index/index',
        'pages/redeem/index',
        'pages/station/index',
        'pages/clinic/index',
        'pages/alarms/index',
        'pages/console/index',
      ],
    },
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
      // Icons drawn by scripts/tab-icons.ts (81x81, the text colours above).
      { pagePath: 'pages/index/index', text: '附近驿站', iconPath: 'assets/tab/nearby.png', selectedIconPath: 'assets/tab/nearby-on.png' },
      { pagePath: 'pages/scan/index', text: '扫码开门', iconPath: 'assets/tab/scan.png', selectedIconPath: 'assets/tab/scan-on.png' },
      { pagePath: 'pages/me/index', text: '我的', iconPath: 'assets/tab/me.png', selectedIconPath: 'assets/tab/me-on.png' },
    ],
  },
  // Inject only the components a page uses when it renders, not every one at start
  // (https://developers.weixin.qq.com/miniprogram/dev/framework/ability/lazyload.html).
  lazyCodeLoading: 'requiredComponents',
  // The door page's subpackage downloads as soon as 扫码开门 opens, before the scan returns a code
  // (https://developers.weixin.qq.com/miniprogram/dev/framework/subpackages/preload.html).
  preloadRule: {
    'pages/scan/index': { network: 'all', packages: ['packages/unlock'] },
  },
  // Location is read with getLocation (GCJ-02) and chooseLocation as the map fallback.
  requiredPrivateInfos: ['getLocation', 'chooseLocation'],
  permission: {
    'scope.userLocation': { desc: '用于查找您身边1公里内的爱心驿站，并核验开门时您在驿站附近' },
  },
  __usePrivacyCheck__: true,
});
