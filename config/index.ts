import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import path from 'path';
import { InjectManifest } from 'workbox-webpack-plugin';
import CompressionPlugin from 'compression-webpack-plugin';
import zlib from 'zlib';
import type { Compilation } from 'webpack';
import { RouteChunksPlugin, routeChunksOf } from './routeChunks';
import { isPrecached } from './precache';
import FRAMEWORK from './framework';
import { PRIVACY_POLICY_VERSION } from '../src/rules/privacy';

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
    framework: FRAMEWORK,
    compiler: 'webpack5',
    cache: { enable: false },
    // Levels of nested templates WeChat renders before Taro hands deeper nodes to its recursive `comp` component
    // (Taro's default 16; read by the mini-program build only). Each level repeats every template in base.wxml,
    // which counts against the main package's limit (scripts/size-budget.ts).
    baseLevel: 12,
    mini: {
      webpackChain(chain) {
        // Taro's terser defaults for mini-programs write every Chinese character as a 6-byte \uXXXX escape
        // (ascii_only); WeChat reads package files as UTF-8, where it takes 3. Most of the app's text is Chinese,
        // and the main package has a size limit of its own (scripts/size-budget.ts).
        if (process.env.NODE_ENV !== 'production') return;
        chain.optimization
          .minimizer('terserPlugin')
          .tap(([options]) => [
            { ...options, terserOptions: { ...options.terserOptions, output: { ...options.terserOptions.output, ascii_only: false } } },
          ]);
      },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      // Taro splits only initial chunks, so every lazily loaded page carried its own copy of the component
      // library (100-165 KB each); splitting async chunks too lets pages share it (loaded once, cached).
      webpackChain(chain) {
        // minSize: Taro's default of 0 cut the shared code into many files of a few hundred bytes; on a 400 ms
        // link each costs a round trip (6 at a time), so shared modules under 20 KB are copied into each page.
        // react-dom and Stencil (the H5 components' runtime) in files of their own: each file is evaluated as one
        // task, and one ~230 KB app.js blocked the page for longer than the three parts do one after another.
        chain.optimization.merge({
          splitChunks: {
            chunks: 'all',
            minSize: 20_000,
            cacheGroups: {
              react: { test: /[\\/]node_modules[\\/](react-dom|scheduler)[\\/]/, chunks: 'initial', priority: 200, enforce: true },
              stencil: { test: /[\\/]node_modules[\\/]@stencil[\\/]/, chunks: 'initial', priority: 200, enforce: true },
            },
          },
        });
        // Polyfills for what babel.config.js's H5_TARGETS have natively, and Taro.request's JSONP (unused).
        const stubs = path.resolve(__dirname, 'stubs');
        chain.resolve.alias
          .set('whatwg-fetch$', path.join(stubs, 'empty.js'))
          .set('abortcontroller-polyfill/dist/abortcontroller-polyfill-only$', path.join(stubs, 'empty.js'))
          .set('jsonp-retry$', path.join(stubs, 'jsonp.js'));
        // The route map goes into index.html: its inline script preloads the opening page's code.
        chain.plugin('routeChunks').use(RouteChunksPlugin);
        if (process.env.NODE_ENV === 'production') {
          // Each script and style sheet also as .br (brotli at its best, 11) and .gz, served as they are by the
          // backend (@fastify/static preCompressed): compressing per request uses brotli's quick level 4, whose
          // output is ~15% larger, on a link where every KB costs the worker 20 ms.
          const compressible = /\.(js|css)$/;
          chain.plugin('brotli').use(CompressionPlugin, [
            {
              test: compressible,
              threshold: 1024,
              filename: '[path][base].br',
              algorithm: 'brotliCompress',
              compressionOptions: { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } },
            },
          ]);
          chain
            .plugin('gzip')
            .use(CompressionPlugin, [
              { test: compressible, threshold: 1024, filename: '[path][base].gz', algorithm: 'gzip', compressionOptions: { level: 9 } },
            ]);
          chain.plugin('serviceWorker').use(InjectManifest, [
            {
              swSrc: path.resolve(__dirname, '..', 'src', 'sw', 'sw.ts'),
              swDest: 'sw.js',
              exclude: [/\.LICENSE\.txt$/, /\.map$/, /\.(br|gz)$/],
              manifestTransforms: [
                // Read from the compilation here, after webpack's real content hashes renamed the files.
                async (entries: { url: string; revision: string | null; size: number }[], compilation?: unknown) => {
                  const c = compilation as Compilation;
                  const entryFiles = [...c.entrypoints.values()].flatMap((e) => e.chunks.flatMap((ch) => [...ch.files]));
                  return { manifest: entries.filter((e) => isPrecached(e.url, entryFiles, routeChunksOf(c))), warnings: [] };
                },
              ],
            },
          ]);
        }
      },
      // Content hashes in every file name but index.html and sw.js: the server sends them immutable, a new
      // build gets new names (mock/src/http/staticCache.ts).
      output: { filename: 'js/[name].[contenthash:8].js', chunkFilename: 'chunk/[name].[contenthash:8].js' },
      miniCssExtractPluginOption: { filename: 'css/[name].[contenthash:8].css', chunkFilename: 'css/[name].[contenthash:8].css' },
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      // Read by index.html's early-start script: the notice version a saved location consent must match, and
      // where the API is (as src/api/client.ts API_BASE works it out for h5).
      htmlPluginOption: { yzPrivacyVersion: PRIVACY_POLICY_VERSION, yzApiBase: process.env.TARO_APP_API_BASE || '/api/v1' },
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
