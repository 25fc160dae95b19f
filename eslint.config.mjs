import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

/** One no-restricted-imports pattern: `regex` on the import specifier as written, with the reason. */
const ban = (regex, message) => ({ regex, message });
const ONLY_RULES = 'The server (mock/) imports nothing from src/ but src/rules (pure rules both sides apply).';
// From mock/{bench,tools,seed}/x.ts and from any file inside mock/src, two or more `../` then `src/` is the app's src/.
const SERVER_SRC = [
  ban('^@/(?!rules/)', ONLY_RULES),
  ban('^(\\.\\./){2,}src/(?!rules/)', ONLY_RULES),
  ban('^(\\.\\./){2,}src/rules/', 'Import src/rules through the alias: @/rules/...'),
];
const RAW_DB = [
  ban('^better-sqlite3$', 'The raw database handle lives only in mock/src/core/db: query through Kysely (a repo.ts).'),
  ban('(^|/)db/handle$', 'core/db/handle is core/db-internal.'),
];
const FEATURES = ['accounts', 'stations', 'doors', 'booking', 'staff', 'console', 'reports', 'stats'];
const CONSOLE_ONLY = 'The desk console (console/) shares only src/rules with the app and talks to the server over HTTP.';

/**
 * The import boundaries, by ESLint's built-in no-restricted-imports (regexes on the specifier as written; every
 * cross-folder import in mock/src is relative, so the folder names show in it):
 * - core never imports a feature;
 * - a feature imports another only through its index.ts (`../doors`, never `../doors/repo`);
 * - a feature's repo.ts (and each sub-repository repoXxx.ts beside it, split off by sub-feature) imports nothing of
 *   its feature (it is the bottom); use cases import no routes and no Fastify (they throw ApiError, a domain error;
 *   preHandlers live in routes*.ts or core/http);
 * - only core/db touches better-sqlite3, and SQL is built only in a feature's repo*.ts or core/db;
 * - the server imports nothing from src/ but src/rules, through the @/rules alias;
 * - src/rules imports no Taro (it runs in the server too).
 */
function boundaries() {
  const restrict = (files, patterns, ignores = []) => ({
    files,
    ignores,
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  });
  const otherFeature = ban('^\\.\\./[a-z]+/', "Another feature only through its index.ts: import '../<feature>', not its files.");
  const noRoutes = ban('^\\./routes', 'Use cases and repositories never import routes.');
  const noFastify = ban('^(fastify|@fastify/.*)$', 'No HTTP objects below the routes: use cases throw ApiError (core/http/errors).');
  return [
    restrict(['mock/**/*.ts'], [...SERVER_SRC, ...RAW_DB], ['mock/src/**', 'mock/seed/**', 'mock/bench/**']),
    restrict(['mock/seed/**/*.ts'], [...SERVER_SRC, ...RAW_DB]),
    // The benchmarks read the database file directly (as another process), to check what the server wrote.
    restrict(['mock/bench/**/*.ts'], SERVER_SRC),
    restrict(['mock/src/**/*.ts'], [...SERVER_SRC, ...RAW_DB], ['mock/src/core/**', 'mock/src/features/**']),
    restrict(['mock/src/core/**/*.ts'], [...SERVER_SRC, ban('(^|/)features(/|$)', 'core imports no feature.')], ['mock/src/core/db/**']),
    restrict(['mock/src/core/db/**/*.ts'], [...SERVER_SRC, ban('(^|/)features(/|$)', 'core imports no feature.')]),
    ...FEATURES.flatMap((f) => [
      restrict([`mock/src/features/${f}/routes*.ts`, `mock/src/features/${f}/index.ts`], [...SERVER_SRC, ...RAW_DB, otherFeature]),
      restrict(
        [`mock/src/features/${f}/*.ts`],
        [...SERVER_SRC, ...RAW_DB, otherFeature, noRoutes, noFastify],
        [`mock/src/features/${f}/routes*.ts`, `mock/src/features/${f}/index.ts`, `mock/src/features/${f}/{repo,repo[A-Z]*}.ts`],
      ),
      restrict(
        [`mock/src/features/${f}/{repo,repo[A-Z]*}.ts`],
        [
          ...SERVER_SRC,
          ...RAW_DB,
          otherFeature,
          noFastify,
          ban('^\\./', 'repo.ts (and each repoXxx.ts) is the bottom of its feature: it imports only core (and src/rules).'),
        ],
      ),
    ]),
    restrict(['src/rules/**/*.ts'], [ban('^@tarojs/', 'src/rules is pure TypeScript, shared with the server: no Taro.')]),
    // The console is its own bundle (Vite): it may share src/rules (the @/rules alias), nothing else of the app or server.
    restrict(
      ['console/**/*.{ts,tsx}'],
      [ban('^@/(?!rules/)', CONSOLE_ONLY), ban('^(\\.\\./)+(src|mock)/', CONSOLE_ONLY), ban('^@tarojs/', CONSOLE_ONLY)],
    ),
    // Nor does anything of the app's bundles import the console (its antd would land in the weapp and h5 bundles).
    restrict(['src/**/*.{ts,tsx}'], [ban('(^|/)console/', 'The app (weapp, h5) never imports the desk console.')], ['src/rules/**']),
    {
      files: ['mock/src/**/*.ts'],
      ignores: ['mock/src/core/db/**', 'mock/src/features/*/{repo,repo[A-Z]*}.ts'],
      rules: {
        'no-restricted-syntax': [
          'error',
          {
            selector:
              'CallExpression[callee.property.name=/^(selectFrom|insertInto|replaceInto|updateTable|deleteFrom|mergeInto|selectNoFrom)$/]',
            message: "SQL is built only in the feature's repo.ts or a repo*.ts beside it (or core/db).",
          },
          {
            selector: "TaggedTemplateExpression[tag.name='sql']",
            message: "SQL is built only in the feature's repo.ts or a repo*.ts beside it (or core/db).",
          },
        ],
      },
    },
  ];
}

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.data/**', 'posters/**', 'mock/data/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.{ts,tsx}', 'console/**/*.{ts,tsx}', 'mock/**/*.ts', '__tests__/**/*.{ts,tsx}', 'config/**/*.ts', 'scripts/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  // Boundaries (README "Architecture"): dependencies run one way, routes -> use cases -> repo.ts -> core. Each
  // block lists every restriction of its files: a later block for the same file replaces the rule's options.
  ...boundaries(),
  {
    files: ['__tests__/**/*.{ts,tsx}', 'mock/bench/**/*.ts', 'mock/tools/**/*.ts', 'mock/seed/generate.ts', 'scripts/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      'no-console': 'off',
      '@typescript-eslint/no-require-imports': 'off',
      'react-hooks/exhaustive-deps': 'off',
    },
  },
  {
    files: ['*.js', '*.cjs', 'babel.config.js', 'jest.config.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { module: 'writable', require: 'readonly', __dirname: 'readonly', process: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
