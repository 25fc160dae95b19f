/**
 * A clone builds, tests and runs with nothing beside it: no source, script or config reads a folder outside the
 * repository (the team's `../shared`, or an absolute path of one machine).
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const SCANNED = ['src', 'mock', '__tests__', 'scripts', 'config', '.ci', 'package.json', 'jest.config.js', 'babel.config.js'];
const CODE = /\.(ts|tsx|js|cjs|mjs|json|sh)$|^run$/;
const OUTSIDE = [/\.\.\/shared\b/, /['"]\.\.['"],\s*['"]shared['"]/, /\/work\/(shared|main)\b/, /\/root\//, /\/home\/\w+\//];

function files(rel: string): string[] {
  const abs = path.join(ROOT, rel);
  if (!fs.existsSync(abs)) return [];
  if (fs.statSync(abs).isFile()) return [rel];
  return fs.readdirSync(abs).flatMap((name) => (name === 'node_modules' || name === 'data' ? [] : files(path.join(rel, name))));
}

describe('self-contained repository', () => {
  const scanned = SCANNED.flatMap(files).filter(
    (f) => CODE.test(path.basename(f)) && f !== path.join('__tests__', 'seed', 'selfContained.test.ts'),
  );

  it('scans the project files', () => {
    expect(scanned).toEqual(expect.arrayContaining([path.join('mock', 'seed', 'input.ts'), 'package.json']));
  });

  it('reads nothing outside the repository', () => {
    const hits = scanned.flatMap((f) => {
      const text = fs.readFileSync(path.join(ROOT, f), 'utf8');
      return OUTSIDE.filter((re) => re.test(text)).map((re) => `${f}: ${re}`);
    });
    expect(hits).toEqual([]);
  });

  it('carries the seed reference inputs', () => {
    for (const f of ['taiyuan_140100_full_datav.geojson', 'taiyuan_landmarks_wikipedia.json', 'README.md']) {
      expect(fs.existsSync(path.join(ROOT, 'mock', 'seed', 'reference', f))).toBe(true);
    }
  });
});
