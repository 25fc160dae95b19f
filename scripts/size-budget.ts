/**
 * Size budgets, checked in CI after the builds. WeChat limits each package (main and every
 * subpackage) to 2 MB and the whole app to 20 MB
 * (https://developers.weixin.qq.com/miniprogram/dev/framework/subpackages.html); ours are tighter so a
 * worker on a weak signal gets the app quickly. With the weapp build it also checks text and target sizes in its
 * styles (scripts/weapp-text-sizes.ts): the build decides what a 320-wide phone shows. Exits 1 when a budget is
 * exceeded, a size is too small or a build is missing.
 *
 * The desk console (dist/console, issue 15) has a budget for its initial JavaScript too: what a desk browser loads
 * before the sign-in QR shows (the signed-in screens load after sign-in).
 *
 * Usage: tsx scripts/size-budget.ts [--h5-only|--weapp-only|--console-only]
 */
import fs from 'fs';
import path from 'path';
import zlib from 'zlib';
import { checkWeappBuild, NARROWEST_CSS_PX } from './weapp-text-sizes';

const ROOT = path.resolve(__dirname, '..');
const KB = 1024;
const BUDGETS = {
  /** Issue 16: a worker on a weak signal downloads the main package before the first screen. */
  weappMain: 360 * KB,
  weappSubpackage: 200 * KB,
  h5InitialJs: 450 * KB,
  h5InitialJsGzip: 150 * KB,
  /** Every JS file of the h5 build, lazy pages included: catches pages that each carry their own copies. */
  h5AllJs: 1000 * KB,
  /**
   * The desk console's JavaScript before the sign-in QR shows (measured 540 KB, 178 KB gzip at its first slice: React
   * and antd's core). Desks are on office networks, but the board must come up at once (issue 15).
   */
  consoleInitialJs: 600 * KB,
  consoleInitialJsGzip: 200 * KB,
};

const sizeOf = (p: string): number =>
  fs.statSync(p).isDirectory() ? fs.readdirSync(p).reduce((n, f) => n + sizeOf(path.join(p, f)), 0) : fs.statSync(p).size;

interface Row {
  what: string;
  bytes: number;
  budget: number;
}

function weappRows(dir: string): Row[] {
  const appJson = JSON.parse(fs.readFileSync(path.join(dir, 'app.json'), 'utf8')) as {
    subPackages?: { root: string }[];
    subpackages?: { root: string }[];
  };
  const subs = (appJson.subPackages ?? appJson.subpackages ?? []).map((s) => s.root.replace(/\/$/, ''));
  const total = sizeOf(dir) - (fs.existsSync(path.join(dir, 'project.config.json')) ? sizeOf(path.join(dir, 'project.config.json')) : 0);
  const subRows = subs.map((root) => ({
    what: `weapp subpackage ${root}`,
    bytes: sizeOf(path.join(dir, root)),
    budget: BUDGETS.weappSubpackage,
  }));
  const main = total - subRows.reduce((n, r) => n + r.bytes, 0);
  return [{ what: 'weapp main package', bytes: main, budget: BUDGETS.weappMain }, ...subRows];
}

function h5Rows(dir: string): Row[] {
  const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  const scripts = [...html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)].map((m) => m[1].replace(/^\//, ''));
  const files = scripts.map((s) => path.join(dir, s));
  const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);
  const gz = files.reduce((n, f) => n + zlib.gzipSync(fs.readFileSync(f), { level: 9 }).length, 0);
  const allJs = (d: string): string[] =>
    fs
      .readdirSync(d, { withFileTypes: true })
      .flatMap((e) => (e.isDirectory() ? allJs(path.join(d, e.name)) : e.name.endsWith('.js') ? [path.join(d, e.name)] : []));
  const everything = allJs(dir);
  return [
    {
      what: `h5 all JS (${everything.length} files)`,
      bytes: everything.reduce((n, f) => n + fs.statSync(f).size, 0),
      budget: BUDGETS.h5AllJs,
    },
    { what: `h5 initial JS (${scripts.length} files)`, bytes, budget: BUDGETS.h5InitialJs },
    { what: 'h5 initial JS, gzip', bytes: gz, budget: BUDGETS.h5InitialJsGzip },
  ];
}

/** The console's initial JS: index.html's module script and the chunks it preloads (Vite's modulepreload links). */
function consoleRows(dir: string): Row[] {
  const html = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="([^"]+)"/g)].map((m) => m[1]);
  const files = refs.map((r) => path.join(dir, r.replace(/^\/console\//, '')));
  const bytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);
  const gz = files.reduce((n, f) => n + zlib.gzipSync(fs.readFileSync(f), { level: 9 }).length, 0);
  return [
    { what: `console initial JS (${files.length} files)`, bytes, budget: BUDGETS.consoleInitialJs },
    { what: 'console initial JS, gzip', bytes: gz, budget: BUDGETS.consoleInitialJsGzip },
  ];
}

function main(): void {
  const args = new Set(process.argv.slice(2));
  const rows: Row[] = [];
  const missing: string[] = [];
  const weapp = path.join(ROOT, 'dist', 'weapp');
  const h5 = path.join(ROOT, 'dist', 'h5');
  const consoleDir = path.join(ROOT, 'dist', 'console');
  const withConsole = args.has('--console-only') || !(args.has('--h5-only') || args.has('--weapp-only'));
  if (args.has('--console-only')) args.add('--h5-only').add('--weapp-only');
  if (withConsole) {
    if (fs.existsSync(path.join(consoleDir, 'index.html'))) rows.push(...consoleRows(consoleDir));
    else missing.push('dist/console (npm run build:console)');
  }
  if (!args.has('--h5-only')) {
    if (fs.existsSync(path.join(weapp, 'app.json'))) rows.push(...weappRows(weapp));
    else missing.push('dist/weapp (npm run build:weapp)');
  }
  if (!args.has('--weapp-only')) {
    if (fs.existsSync(path.join(h5, 'index.html'))) rows.push(...h5Rows(h5));
    else missing.push('dist/h5 (npm run build:h5)');
  }
  let failed = missing.length > 0;
  if (!args.has('--h5-only') && fs.existsSync(path.join(weapp, 'app.json'))) {
    const text = checkWeappBuild(weapp);
    const f = text.figures;
    failed ||= text.findings.length > 0;
    for (const x of text.findings) process.stdout.write(`TOO SMALL ${x.file} ${x.selector} { ${x.decl} }: ${x.problem}\n`);
    process.stdout.write(
      `${text.findings.length ? 'FAIL' : 'ok  '} weapp text at ${NARROWEST_CSS_PX} px wide: ${f.fontSizes} font sizes in ${text.files} wxss files, ${f.rpxFontSizes} in rpx; ` +
        `smallest text ${+f.minTextPx.toFixed(1)} px (min 14), in large mode ${+f.minLargeTextPx.toFixed(1)} px (min 18); large-mode main actions ${+f.minLargeActionPx.toFixed(1)} px tall (min 60)\n`,
    );
  }
  for (const m of missing) process.stdout.write(`missing build: ${m}\n`);
  for (const r of rows) {
    const over = r.bytes > r.budget;
    failed ||= over;
    process.stdout.write(
      `${over ? 'OVER' : 'ok  '} ${r.what}: ${(r.bytes / KB).toFixed(1)} KB (budget ${(r.budget / KB).toFixed(0)} KB)\n`,
    );
  }
  process.exit(failed ? 1 : 0);
}

main();
