/**
 * Jest runs the TypeScript sources through ts-jest (transpile only: `npm run typecheck` checks types).
 * `npm run test:fast` (RFM_TEST_FAST=1) leaves out the suites that spawn the built binary or a browser, or read
 * large real data sets, workbooks or many files; `npm test` runs everything. Temp files of a run live in one
 * folder that the global teardown removes; Jest's own cache stays inside node_modules.
 */
const SLOW = [
  '/test/package\\.test\\.ts$',
  '/test/bin\\.test\\.ts$',
  '/test/real\\.test\\.ts$',
  '/test/report-browser\\.test\\.ts$',
  '/test/io/split\\.test\\.ts$',
  '/test/io/many\\.test\\.ts$',
  '/test/io/xlsx\\.test\\.ts$',
  '/test/sql/engines\\.test\\.ts$',
  '/test/commands/predict\\.test\\.ts$',
];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: process.env.RFM_TEST_FAST ? ['/node_modules/', ...SLOW] : ['/node_modules/'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  testTimeout: 120000,
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
  globalSetup: '<rootDir>/test/global-setup.js',
  globalTeardown: '<rootDir>/test/global-teardown.js',
};
