const base = require('../../jest.base.cjs')({ withInfra: true });

// The examples import the package by its name, as its users do; under jest that name is its source.
module.exports = { ...base, moduleNameMapper: { '^@fluxa/client$': '<rootDir>/src/index.ts' } };
