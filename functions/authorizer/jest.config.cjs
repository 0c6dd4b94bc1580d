module.exports = require('../../jest.base.cjs')({ withInfra: 'aws' });
