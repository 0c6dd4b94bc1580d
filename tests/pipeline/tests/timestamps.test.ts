import { checkTimestamp } from '@fluxa/models';
import { timestampCase } from '@fluxa/testing';
import fc from 'fast-check';

const runs = Number(process.env.FLUXA_PROPERTY_RUNS ?? 500);

describe('storable timestamps', () => {
  it('accepts exactly the valid date-times and reads each as the instant it denotes', () => {
    fc.assert(
      fc.property(timestampCase, (generated) => {
        // Act
        const checked = checkTimestamp(generated.text);

        // Assess: an hour ahead is a valid instant; only ingest's clock rule refuses it.
        const future = generated.flaws.includes('an hour in the future');
        expect(checked.ok).toBe(generated.valid || future);
        if (generated.valid && checked.ok) expect(checked.instant.utc).toBe(generated.utc);
      }),
      { numRuns: runs },
    );
  });
});
