import { readFileSync } from 'node:fs';
import path from 'node:path';
import { schemaFingerprint } from '../scripts/schemaFingerprint';
import * as generated from '../src/generated/validators';

const generatedSource = readFileSync(
  path.join(__dirname, '..', 'src', 'generated', 'validators.ts'),
  'utf8',
);

describe('generated validators', () => {
  it('were compiled from the current schemas', () => {
    // Act
    const fingerprint = schemaFingerprint();

    // Assess
    expect(generated.schemaFingerprint).toBe(fingerprint);
  });

  it('import only ajv runtime helpers, never the compiler', () => {
    // Act
    const modules = [...generatedSource.matchAll(/^import .* from '([^']+)';$/gm)].map(
      (match) => match[1],
    );

    // Assess
    expect(modules.filter((name) => !name?.startsWith('../'))).toEqual(
      expect.arrayContaining(['ajv/dist/runtime/ucs2length']),
    );
    expect(
      modules.every(
        (name) =>
          name?.startsWith('../') ||
          name?.startsWith('ajv/dist/runtime/') ||
          name === 'ajv-formats/dist/formats',
      ),
    ).toBe(true);
  });

  it('contain no require call', () => {
    // Assess
    expect(generatedSource).not.toMatch(/\brequire\(/);
  });
});
