module.exports = { ...require('../jest.base.cjs')({ withInfra: true }), testTimeout: 60_000 };
