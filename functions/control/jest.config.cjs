module.exports = require('../../jest.base.cjs')({ withInfra: true });
