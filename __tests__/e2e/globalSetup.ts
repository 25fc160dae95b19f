/**
 * Makes sure the journeys have an h5 build to run against. E2E_H5_DIR names a ready build (used as
 * is); otherwise dist/h5 is rebuilt with `taro build --type h5` unless its index.html is newer than
 * every file in src/ and config/, so a fresh clone or CI builds once and reruns start at once. The desk
 * console's build (dist/console) is rebuilt the same way when console/ or src/rules changed.
 */
import { spawnSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import { setUpTemplate } from '../support/database';

const ROOT = path.resolve(__dirname, '..', '..');
const SOURCES = ['src', 'config'].map((d) => path.join(ROOT, d));

/** Latest modification time (ms) of any file under `dir`, 0 when it is missing. */
function newestMtimeMs(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtimeMs(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Rebuilds dist/console (`npm run build:console`, Vite: a few seconds) unless it is newer than console/ and src/rules. */
function buildConsoleIfStale(): void {
  const index = path.join(ROOT, 'dist', 'console', 'index.html');
  const builtMs = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  const sources = [path.join(ROOT, 'console'), path.join(ROOT, 'src', 'rules')];
  if (builtMs > Math.max(...sources.map(newestMtimeMs))) return;
  // As for h5 below: jest's NODE_ENV=test would give React's development build (a third larger), which is neither
  // what `npm run build:console` ships nor what `npm run size` may measure after the tests.
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' };
  const r = spawnSync('npm', ['run', '-s', 'build:console'], { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0 || !fs.existsSync(index)) {
    throw new Error(`console build failed (exit ${r.status}):\n${`${r.stdout ?? ''}\n${r.stderr ?? ''}`.slice(-4000)}`);
  }
}

export default async function globalSetup(): Promise<void> {
  // A PostgreSQL run's template database (support/database.ts); nothing on SQLite.
  await setUpTemplate();
  buildConsoleIfStale();
  const given = process.env.E2E_H5_DIR;
  if (given) {
    if (!fs.existsSync(path.join(given, 'index.html'))) {
      throw new Error(`E2E_H5_DIR=${given} has no index.html: build it with TARO_OUTPUT_ROOT=${given} npx taro build --type h5`);
    }
    return;
  }
  const index = path.join(ROOT, 'dist', 'h5', 'index.html');
  const builtMs = fs.existsSync(index) ? fs.statSync(index).mtimeMs : 0;
  if (builtMs > Math.max(...SOURCES.map(newestMtimeMs))) return;

  // Jest sets NODE_ENV=test, which would give a development-flavoured bundle (React Refresh hooks
  // left in, "$RefreshReg$ is not defined"); the journeys test what `npm run build:h5` ships.
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' };
  delete env.TARO_OUTPUT_ROOT; // the build must land in dist/h5, where the journeys look
  const startedMs = Date.now();
  const r = spawnSync('npx', ['taro', 'build', '--type', 'h5'], { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0 || !fs.existsSync(index)) {
    const output = `${r.stdout ?? ''}\n${r.stderr ?? ''}`.slice(-4000);
    throw new Error(`h5 build failed (exit ${r.status}${r.error ? `, ${r.error.message}` : ''}):\n${output}`);
  }
  console.log(`\ne2e: built dist/h5 in ${((Date.now() - startedMs) / 1000).toFixed(1)} s`);
}
