import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import path from 'path';

/**
 * Taro build configuration (https://docs.taro.zone/docs/config-detail).
 * outputRoot is per platform so `dist/h5` (served by the backend) and `dist/weapp` (opened by
 * WeChat DevTools through project.config.json's miniprogramRoot) live side by side.
 */
export default defineConfig<'webpack5'>(() => {
  const outputRoot = process.env.TARO_OUTPUT_ROOT || `dist/${process.env.TARO_ENV}`;
  const config: UserConfigExport<'webpack5'> = {
    projectName: 'yizhan',
    date: '2026-11-30',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    // TARO_OUTPUT_ROOT lets a test build into its own folder without touching dist/.
    outputRoot,
    plugins: [],
    defineConstants: {},
    alias: { '@': path.resolve(__dirname, '..', 'src') },
    // Map marker icons: WeChat's <Map> needs real files (iconPath), not the base64 webpack inlines small images as.
    copy: {
      patterns: [{ from: 'src/assets/map/', to: `${outputRoot}/assets/map/` }],
      options: {},
    },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      // Taro splits only initial chunks, so every lazily loaded page carried its own copy of the component
      // library (100-165 KB each); splitting async chunks too lets pages share it (loaded once, cached).
      webpackChain(chain) {
        chain.optimization.merge({ splitChunks: { chunks: 'all' } });
      },
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      devServer: { host: '127.0.0.1' },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        // Spacing scales with the screen on h5 as rpx does on weapp (Taro's rem root, 20 px at 375 wide, would stop
        // at 20 px below 375 by default): the browser checks at 320 wide then lay out what a 320-wide WeChat shows.
        // Text and targets are in PX (src/app.css), untouched by either.
        pxtransform: { enable: true, config: { baseFontSize: 20, minRootSize: 0 } },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  };
  return config;
});
