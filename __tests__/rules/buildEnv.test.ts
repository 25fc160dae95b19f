/**
 * Taro inlines `process.env.TARO_APP_*` at build time only for variables its .env files define; an
 * undefined one stays in the h5 bundle as `process.env.X` and the page crashes with "process is not
 * defined" (found twice by the browser journeys). Every variable the app reads must be declared, even
 * empty, in each mode's file.
 */
import fs from 'fs';
import path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return /\.(ts|tsx)$/.test(e.name) ? [p] : [];
  });
}

const readVariables = (): string[] => {
  const names = new Set<string>();
  for (const f of sourceFiles(path.join(ROOT, 'src'))) {
    for (const m of fs.readFileSync(f, 'utf8').matchAll(/process\.env\.(TARO_APP_\w+)/g)) names.add(m[1]);
  }
  return [...names].sort();
};

const declared = (envFile: string): Set<string> =>
  new Set(
    fs
      .readFileSync(path.join(ROOT, envFile), 'utf8')
      .split('\n')
      .map((line) => /^\s*(TARO_APP_\w+)\s*=/.exec(line)?.[1])
      .filter((x): x is string => !!x),
  );

test('the app reads at least the API base and the door host from the build environment', () => {
  expect(readVariables()).toEqual(expect.arrayContaining(['TARO_APP_API_BASE', 'TARO_APP_DOOR_HOST']));
});

test.each(['.env.development', '.env.production'])('%s declares every TARO_APP_* variable the app reads', (envFile) => {
  const have = declared(envFile);
  expect(readVariables().filter((name) => !have.has(name))).toEqual([]);
});
