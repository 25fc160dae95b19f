/**
 * Taro's preset builds the app; under NODE_ENV=test it emits CommonJS, so jest shares it.
 *
 * h5 runs in WeChat's in-app browser (XWeb, Chromium based, on Android; WKWebView on iOS, WeChat itself needs
 * iOS 12 or later) and in the phone's own browser, so it is built for engines with async/await, classes and
 * fetch + AbortController natively: without these targets every async function carried regenerator-runtime
 * and the code ES5 helpers, on a worker's 3G link. weapp keeps package.json's browserslist (old base libraries).
 *
 * The framework (Preact in builds, React under jest) is chosen in config/framework.js.
 */
const H5_TARGETS = ['chrome >= 80', 'ios >= 12.2'];

module.exports = {
  presets: [
    [
      'taro',
      {
        framework: require('./config/framework'),
        ts: true,
        compiler: 'webpack5',
        ...(process.env.TARO_ENV === 'h5' ? { targets: H5_TARGETS } : {}),
      },
    ],
  ],
};
