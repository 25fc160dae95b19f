/**
 * Four layers (see README "Tests"): pure rules and seed (node), stores and pages (jsdom with Taro
 * stand-ins), API against the real server and a temp SQLite file (node), journeys in headless Chromium.
 */
/**
 * `npm run test:pg` (TEST_ENGINE=postgres) runs the api and e2e suites on PostgreSQL (__tests__/support/database.ts);
 * suites named *.sqlite.test.ts are about the SQLite file itself and are not part of that run, and suites named
 * *.pg.test.ts are about PostgreSQL alone (LISTEN/NOTIFY, advisory locks) and run only there.
 */
const engineOnly = process.env.TEST_ENGINE === 'postgres' ? ['\\.sqlite\\.test\\.ts$'] : ['\\.pg\\.test\\.ts$'];
const esmPackages = ['geokdbush', 'kdbush', 'tinyqueue'].join('|');
const common = {
  rootDir: __dirname,
  transform: { '^.+\\.[jt]sx?$': 'babel-jest' },
  transformIgnorePatterns: [`node_modules/(?!(${esmPackages})/)`],
  moduleNameMapper: { '^@/(.*)$': '<rootDir>/src/$1' },
};
module.exports = {
  projects: [
    { ...common, displayName: 'rules', testEnvironment: 'node', testMatch: ['<rootDir>/__tests__/{rules,seed}/**/*.test.ts'] },
    {
      ...common,
      displayName: 'ui',
      testEnvironment: 'jsdom',
      testMatch: ['<rootDir>/__tests__/{stores,pages}/**/*.test.{ts,tsx}'],
      moduleNameMapper: {
        ...common.moduleNameMapper,
        '^@tarojs/taro$': '<rootDir>/__tests__/stubs/taro.ts',
        '^@tarojs/components$': '<rootDir>/__tests__/stubs/components.tsx',
        '\\.(css|scss)$': '<rootDir>/__tests__/stubs/style.ts',
      },
      setupFilesAfterEnv: ['<rootDir>/__tests__/stubs/setup.ts'],
    },
    {
      ...common,
      displayName: 'api',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/__tests__/api/**/*.test.ts'],
      // A 60 s timeout per test and hook: starting a real server is slow on a busy machine.
      setupFilesAfterEnv: ['<rootDir>/__tests__/support/apiSetup.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...engineOnly],
      globalSetup: '<rootDir>/__tests__/support/globalSetup.ts',
      globalTeardown: '<rootDir>/__tests__/support/globalTeardown.ts',
    },
    {
      ...common,
      displayName: 'e2e',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/__tests__/e2e/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', ...engineOnly],
      globalSetup: '<rootDir>/__tests__/e2e/globalSetup.ts',
      globalTeardown: '<rootDir>/__tests__/support/globalTeardown.ts',
      // Sets a 60 s test timeout (jest 29 reads `testTimeout` only globally, not per project).
      setupFilesAfterEnv: ['<rootDir>/__tests__/e2e/setup.ts'],
    },
  ],
};
