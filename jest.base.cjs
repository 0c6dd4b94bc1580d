// Shared jest settings: TypeScript through ts-jest (transpile only; `make lint`
// type-checks), tests under tests/, one shared PostgreSQL + AWS emulator per
// package run when the package asks for it (withInfra).
const path = require('node:path');

/** The release version the bundler bakes into each bundle (tsup.preset.ts), for sources under test. */
const { version } = require('./package.json');

/**
 * @param {{ withInfra?: boolean | 'aws' }} [options] true: PostgreSQL and the AWS emulator;
 *   'aws': the emulator only (packages whose tests never touch a database).
 */
module.exports = function jestConfig(options = {}) {
  return {
    testEnvironment: 'node',
    roots: ['<rootDir>/tests'],
    testMatch: ['**/*.test.ts'],
    transform: {
      '^.+\\.ts$': [
        'ts-jest',
        {
          tsconfig: {
            module: 'commonjs',
            moduleResolution: 'node10',
            target: 'ES2024',
            esModuleInterop: true,
            resolveJsonModule: true,
            isolatedModules: true,
            sourceMap: true,
          },
        },
      ],
    },
    moduleFileExtensions: ['ts', 'js', 'cjs', 'json'],
    testTimeout: 30_000,
    reporters: ['default', path.join(__dirname, 'scripts/jestSummaryReporter.cjs')],
    globals: {
      __FLUXA_VERSION__: version,
      ...(options.withInfra ? { fluxaInfra: options.withInfra === 'aws' ? 'aws' : 'all' } : {}),
    },
    ...(options.withInfra
      ? {
          globalSetup: path.join(__dirname, 'packages/testing/dist/globalSetup.mjs'),
          globalTeardown: path.join(__dirname, 'packages/testing/dist/globalTeardown.mjs'),
        }
      : {}),
  };
};
