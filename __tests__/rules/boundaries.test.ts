/**
 * The import boundaries of eslint.config.mjs fire (and SQL only in repo*.ts): each case is one import a file at that path must not make,
 * linted by the project's own ESLint configuration (in a child process: ESLint loads its flat config as ES
 * module, which jest's module system does not run). Controls show what stays allowed.
 */
import { execFileSync } from 'child_process';
import path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');

interface Case {
  file: string;
  code: string;
  /** A piece of the message expected, or null when the import is allowed. */
  refused: string | null;
}

const CASES: Case[] = [
  { file: 'mock/src/core/http/x.ts', code: "import { a } from '../../features/doors';", refused: 'core imports no feature' },
  { file: 'mock/src/core/db/x.ts', code: "export { a } from '../../features/booking/repo';", refused: 'core imports no feature' },
  { file: 'mock/src/features/doors/x.ts', code: "import { a } from '../stations/repo';", refused: 'only through its index.ts' },
  { file: 'mock/src/features/doors/x.ts', code: "import { a } from '../stations';", refused: null },
  { file: 'mock/src/features/booking/repo.ts', code: "import { a } from './booking';", refused: 'bottom of its feature' },
  { file: 'mock/src/features/booking/staff.ts', code: "import type { FastifyReply } from 'fastify';", refused: 'No HTTP objects' },
  { file: 'mock/src/features/booking/routes.ts', code: "import type { FastifyReply } from 'fastify';", refused: null },
  { file: 'mock/src/features/booking/staff.ts', code: "import { a } from './routesStaff';", refused: 'never import routes' },
  { file: 'mock/src/features/doors/unlock.ts', code: "import Database from 'better-sqlite3';", refused: 'only in mock/src/core/db' },
  { file: 'mock/src/core/db/x.ts', code: "import Database from 'better-sqlite3';", refused: null },
  { file: 'mock/tools/x.ts', code: "import { sqliteOf } from '../src/core/db/handle';", refused: 'core/db-internal' },
  { file: 'mock/src/app.ts', code: "import { useSession } from '@/stores/session';", refused: 'nothing from src/ but src/rules' },
  {
    file: 'mock/src/features/doors/unlock.ts',
    code: "import { haversineM } from '../../../../src/rules/geo';",
    refused: 'through the alias',
  },
  { file: 'mock/src/features/doors/unlock.ts', code: "import { haversineM } from '@/rules/geo';", refused: null },
  { file: 'mock/seed/x.ts', code: "import { a } from '../../src/stores/session';", refused: 'nothing from src/ but src/rules' },
  { file: 'mock/seed/x.ts', code: "import { haversineM } from '../../src/rules/geo';", refused: 'through the alias' },
  { file: 'src/rules/x.ts', code: "import Taro from '@tarojs/taro';", refused: 'no Taro' },
  { file: 'console/src/x.ts', code: "import { useSession } from '@/stores/session';", refused: 'shares only src/rules' },
  { file: 'console/src/x.ts', code: "import { a } from '../../mock/src/core/staff';", refused: 'shares only src/rules' },
  { file: 'console/src/x.ts', code: "import { ERRORS } from '@/rules/errors';", refused: null },
  { file: 'src/pages/x.ts', code: "import { Board } from '../../console/src/Board';", refused: 'never imports the desk console' },
  { file: 'mock/src/features/booking/staff.ts', code: "void db.selectFrom('bookings');", refused: 'only in the feature' },
  { file: 'mock/src/features/doors/alerts.ts', code: 'void sql`select 1`.execute(db);', refused: 'only in the feature' },
  { file: 'mock/src/features/booking/repo.ts', code: "void db.selectFrom('bookings');", refused: null },
  // A sub-repository split off by sub-feature (booking/repoClinicDay.ts) is a repo.ts too: SQL yes, its feature no.
  { file: 'mock/src/features/booking/repoClinicDay.ts', code: "void db.selectFrom('bookings');", refused: null },
  { file: 'mock/src/features/booking/repoClinicDay.ts', code: "import { a } from './repo';", refused: 'bottom of its feature' },
  // A use case whose name merely begins with "repo" (reports/reports.ts) is not a repository.
  { file: 'mock/src/features/reports/reports.ts', code: "import { a } from './repo';", refused: null },
  { file: 'mock/src/features/booking/clinicDay.ts', code: "void db.selectFrom('bookings');", refused: 'only in the feature' },
];

const SCRIPT = `
import { ESLint } from 'eslint';
const cases = JSON.parse(process.env.CASES);
const eslint = new ESLint({ cwd: process.env.ROOT });
const out = [];
for (const c of cases) {
  const [r] = await eslint.lintText(c.code + '\\n', { filePath: c.file });
  out.push(r.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax').map((m) => m.message));
}
process.stdout.write(JSON.stringify(out));
`;

describe('import boundaries (eslint.config.mjs)', () => {
  let results: string[][];
  beforeAll(() => {
    const stdout = execFileSync(process.execPath, ['--input-type=module', '-e', SCRIPT], {
      cwd: ROOT,
      env: { ...process.env, ROOT, CASES: JSON.stringify(CASES) },
      encoding: 'utf8',
    });
    results = JSON.parse(stdout) as string[][];
  }, 120_000);

  it.each(CASES.map((c, i) => [c.file, c.code, c.refused, i] as const))('%s: %s -> %s', (_file, _code, refused, i) => {
    const messages = results[i];
    if (refused === null) expect(messages).toEqual([]);
    else expect(messages).toEqual([expect.stringContaining(refused)]);
  });
});
