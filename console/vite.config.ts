import path from 'path';
import { defineConfig } from 'vite';

/**
 * The union's desk console (issue 15): built by `npm run build:console` into dist/console, served by the backend
 * at /console (mock/src/core/http/console.ts). Only src/rules is shared with the app (the `@/rules` alias); nothing
 * here reaches the weapp or h5 bundles, which Taro builds from src/.
 */
export default defineConfig({
  root: __dirname,
  base: '/console/',
  // No React plugin: Vite compiles TSX itself (automatic runtime, tsconfig's react-jsx); the plugin would add only
  // Fast Refresh for a dev server, and its version clashes with Taro's optional peer (@vitejs/plugin-react ^4).
  oxc: { jsx: { runtime: 'automatic' } },
  resolve: { alias: { '@/rules': path.resolve(__dirname, '../src/rules') } },
  build: {
    outDir: path.resolve(__dirname, '../dist/console'),
    emptyOutDir: true,
    // Desktop browsers of union offices (Chromium-based 360 / QQ browsers, Edge): no legacy bundle.
    target: 'es2020',
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      // antd's files start with "use client" (React Server Components), which means nothing in a browser bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
});
