const base = require('../../jest.base.cjs')({ withInfra: true });

// The help reads its prose from docs/CLI.md, imported as text.
module.exports = {
  ...base,
  transform: { ...base.transform, '^.+\\.md$': '<rootDir>/tests/helpers/textTransform.cjs' },
  moduleFileExtensions: [...base.moduleFileExtensions, 'md'],
};
