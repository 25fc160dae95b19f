/**
 * Four layers (see README "Tests"): pure rules and seed (node), stores and pages (jsdom with Taro
 * stand-ins), API against the real server and a temp SQLite file (node), journeys in headless Chromium.
 */
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
      // Sets a 30 s test timeout: a busy machine (jest 29 reads `testTimeout` only globally, not per project).
      setupFilesAfterEnv: ['<rootDir>/__tests__/support/apiSetup.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/__tests__/e2e/**/*.test.ts'],
      globalSetup: '<rootDir>/__tests__/e2e/globalSetup.ts',
      // Sets a 60 s test timeout (jest 29 reads `testTimeout` only globally, not per project).
      setupFilesAfterEnv: ['<rootDir>/__tests__/e2e/setup.ts'],
    },
  ],
};
