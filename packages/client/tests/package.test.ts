import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const packageDir = path.join(__dirname, '..');
const repoRoot = path.join(packageDir, '..', '..');
const manifest = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as {
  files: string[];
  dependencies?: Record<string, string>;
};

/** A project that installed the package as published (its `files`), and nothing else. */
function consumer(): string {
  const project = mkdtempSync(path.join(tmpdir(), 'fluxa-client-consumer-'));
  const installed = path.join(project, 'node_modules', '@fluxa', 'client');
  mkdirSync(installed, { recursive: true });
  for (const entry of ['package.json', ...manifest.files]) {
    cpSync(path.join(packageDir, entry), path.join(installed, entry), { recursive: true });
  }
  return project;
}

describe('the published package', () => {
  it('declares no runtime dependency', () => {
    expect(manifest.dependencies ?? {}).toEqual({});
  });

  it('loads as an ES module and as CommonJS with nothing else installed', async () => {
    // Prepare
    const project = consumer();
    const use = "new FluxaClient({ url: 'http://127.0.0.1:1' }).url";

    // Act
    const esm = await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import { FluxaClient } from '@fluxa/client'; console.log(${use})`,
      ],
      { cwd: project },
    );
    const cjs = await run(
      process.execPath,
      ['-e', `const { FluxaClient } = require('@fluxa/client'); console.log(${use})`],
      { cwd: project },
    );

    // Assess
    expect([esm.stdout, cjs.stdout]).toEqual(['http://127.0.0.1:1\n', 'http://127.0.0.1:1\n']);
  });

  it('type-checks a strict consumer against its declarations alone', async () => {
    // Prepare
    const project = consumer();
    writeFileSync(
      path.join(project, 'use.ts'),
      [
        "import { ApiError, FluxaClient, type StoredRecord } from '@fluxa/client';",
        "const fluxa = new FluxaClient({ url: 'http://127.0.0.1:1', apiKey: 'k' });",
        'export async function amountOf(id: string): Promise<number | undefined> {',
        '  const record: StoredRecord | undefined = await fluxa.get(id).catch((error: unknown) => {',
        "    if (error instanceof ApiError && error.code === 'THROTTLED') return undefined;",
        '    throw error;',
        '  });',
        '  return record?.amount;',
        '}',
      ].join('\n'),
    );
    const typescript = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const flags = [
      '--strict',
      '--noEmit',
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
    ];

    // Act
    const checked = await run(
      process.execPath,
      [
        typescript,
        ...flags,
        '--typeRoots',
        path.join(repoRoot, 'node_modules', '@types'),
        '--types',
        'node',
        'use.ts',
      ],
      { cwd: project },
    ).then(
      () => 'ok',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );

    // Assess
    expect(checked).toBe('ok');
  }, 60_000);
});
