import { bundleComposition, packageOf } from '../src/bundleComposition';

const metafile = {
  outputs: {
    'dist/index.mjs.map': { inputs: {} },
    'dist/index.mjs': {
      inputs: {
        '../../node_modules/.pnpm/@smithy+core@3.1.0/node_modules/@smithy/core/dist/a.js': {
          bytesInOutput: 3072,
        },
        '../../node_modules/.pnpm/@smithy+core@3.1.0/node_modules/@smithy/core/dist/b.js': {
          bytesInOutput: 1024,
        },
        '../../node_modules/.pnpm/pino@10.4.0/node_modules/pino/pino.js': { bytesInOutput: 2048 },
        '../../packages/queue/src/envelope.ts': { bytesInOutput: 512 },
        'src/handler.ts': { bytesInOutput: 100 },
      },
    },
  },
};

describe('bundleComposition', () => {
  it('sums the bytes of each package in the bundle, largest first, in KiB', () => {
    // Act
    const composition = bundleComposition(metafile);

    // Assess
    expect(composition).toEqual([
      { package: '@smithy/core', kib: 4 },
      { package: 'pino', kib: 2 },
      { package: 'packages/queue', kib: 0.5 },
      { package: 'src/handler.ts', kib: 0.1 },
    ]);
  });

  it('keeps only the largest `top` packages', () => {
    // Act
    const composition = bundleComposition(metafile, 'index.mjs', 1);

    // Assess
    expect(composition.map((p) => p.package)).toEqual(['@smithy/core']);
  });

  it('refuses a metafile without the bundle', () => {
    // Act + Assess
    expect(() => bundleComposition(metafile, 'other.mjs')).toThrow('no output other.mjs');
  });
});

describe('packageOf', () => {
  it('names a workspace source by its package folder and a dependency by its name', () => {
    // Act
    const names = [
      packageOf('../../functions/processor/src/steps/decode.ts'),
      packageOf('node_modules/postgres/cjs/src/index.js'),
      packageOf(
        '../../node_modules/.pnpm/@aws-sdk+client-sns@3.1/node_modules/@aws-sdk/client-sns/x.js',
      ),
    ];

    // Assess
    expect(names).toEqual(['functions/processor', 'postgres', '@aws-sdk/client-sns']);
  });
});
