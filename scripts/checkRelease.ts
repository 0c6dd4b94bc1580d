/**
 * `make package-check` (part of `make test`): what a release promises of its zips, checked on
 * this tree. `tsx scripts/checkRelease.ts <first SHA256SUMS> <second SHA256SUMS>`, given two
 * packagings of the same sources (the second after a forced rebuild), fails unless
 * - the two checksum lists are identical: a tag's published SHA256SUMS is what `make package`
 *   gives anyone at that tag;
 * - every workspace package is at the root package.json version;
 * - every function bundle carries the root package.json version, baked in (no `unbundled`
 *   fallback left), and the query bundle's GET /health answers it;
 * - the release workflow's gate takes `v<version>` and refuses any other tag.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { rootVersion, tagProblem } from './releaseTag';

const root = path.resolve(__dirname, '..');

function sameChecksums(firstFile: string, secondFile: string): string[] {
  const first = readFileSync(firstFile, 'utf8');
  const second = readFileSync(secondFile, 'utf8');
  if (first.trim() === '') return [`${firstFile} is empty`];
  if (first === second) return [];
  const before = new Set(first.split('\n'));
  return second
    .split('\n')
    .filter((line) => line !== '' && !before.has(line))
    .map((line) => `differs between the two packagings: ${line.split('  ')[1]}`);
}

/** The package.json of every workspace package, by the globs of pnpm-workspace.yaml. */
function workspaceManifests(): string[] {
  const workspace = readFileSync(path.join(root, 'pnpm-workspace.yaml'), 'utf8');
  const globs = workspace.match(/^ {2}- (\S+)$/gm)?.map((line) => line.slice(4)) ?? [];
  return globs.flatMap((glob) => {
    const dirs = glob.endsWith('/*')
      ? readdirSync(path.join(root, glob.slice(0, -2))).map((name) =>
          path.join(glob.slice(0, -2), name),
        )
      : [glob];
    return dirs
      .map((dir) => path.join(dir, 'package.json'))
      .filter((file) => existsSync(path.join(root, file)));
  });
}

function packageVersions(version: string): string[] {
  const manifests = workspaceManifests();
  if (manifests.length === 0) return ['pnpm-workspace.yaml names no package'];
  return manifests.flatMap((manifest) => {
    const { version: own } = JSON.parse(readFileSync(path.join(root, manifest), 'utf8')) as {
      version?: unknown;
    };
    return own === version ? [] : [`${manifest} is at ${String(own)}, the release at ${version}`];
  });
}

function bakedVersions(version: string, sums: string): string[] {
  const bundles = sums.match(/\S+\.zip$/gm) ?? [];
  return bundles.flatMap((zip) => {
    const name = zip.replace(/\.zip$/, '');
    const text = readFileSync(path.join(root, 'functions', name, 'dist', 'index.mjs'), 'utf8');
    if (text.includes('"unbundled"')) return [`${name}: the bundle has no baked version`];
    if (!text.includes(JSON.stringify(version)))
      return [`${name}: ${version} is not in the bundle`];
    return [];
  });
}

/**
 * GET /health of the built query bundle, as API Gateway would deliver it: the answer's
 * `version`, and the `version` of every line the bundle writes meanwhile (its EMF metrics).
 */
async function healthOfQueryBundle(version: string): Promise<string[]> {
  // Configuration the bundle reads at load; /health opens no connection.
  process.env.DATABASE_URL = 'postgres://release-check@127.0.0.1:9/none';
  const bundle = pathToFileURL(path.join(root, 'functions/query/dist/index.mjs')).href;
  const { handler } = (await import(bundle)) as {
    handler: (event: unknown) => Promise<{ statusCode: number; body: string }>;
  };
  const written: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  const response = await handler({
    httpMethod: 'GET',
    resource: '/health',
    path: '/health',
    headers: {},
    requestContext: { requestId: 'release-check' },
    body: null,
    isBase64Encoded: false,
  }).finally(() => {
    process.stdout.write = write;
  });
  const problems: string[] = [];
  const body = JSON.parse(response.body) as { version?: unknown };
  if (response.statusCode !== 200 || body.version !== version) {
    problems.push(`query bundle: GET /health answered ${response.statusCode} ${response.body}`);
  }
  const lines = written
    .join('')
    .split('\n')
    .filter((line) => line.trim() !== '');
  if (lines.length === 0) problems.push('query bundle: GET /health wrote no metric line');
  for (const line of lines) {
    const { version: written } = JSON.parse(line) as { version?: unknown };
    if (written !== version)
      problems.push(`query bundle: a line without version ${version}: ${line}`);
  }
  return problems;
}

function tagGate(version: string): string[] {
  const changelog = readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8');
  const problems: string[] = [];
  const accepted = tagProblem(`v${version}`, version, changelog);
  if (accepted) problems.push(`the release gate refuses v${version}: ${accepted}`);
  for (const tag of [version, `v${version}.1`, 'v0.0.0']) {
    if (!tagProblem(tag, version, changelog)) problems.push(`the release gate takes ${tag}`);
  }
  return problems;
}

async function main(): Promise<void> {
  const [firstFile, secondFile] = process.argv.slice(2);
  if (!firstFile || !secondFile)
    throw new Error('usage: checkRelease.ts <SHA256SUMS> <SHA256SUMS>');
  const version = rootVersion();
  const problems = [
    ...sameChecksums(firstFile, secondFile),
    ...packageVersions(version),
    ...bakedVersions(version, readFileSync(secondFile, 'utf8')),
    ...(await healthOfQueryBundle(version)),
    ...tagGate(version),
  ];
  for (const problem of problems) console.error(`package-check: ${problem}`);
  if (problems.length > 0) process.exit(1);
  console.log(
    `package-check: two packagings gave the same SHA256SUMS; every package and bundle is release ${version}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
