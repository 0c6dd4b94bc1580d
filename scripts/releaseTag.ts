/**
 * `tsx scripts/releaseTag.ts <tag>`: the release workflow's gate. Prints the version a tag
 * releases, or fails unless the tag is `v` + the root package.json version (a semantic version)
 * and CHANGELOG.md has that version's section: a tag never publishes zips that call themselves
 * something else.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');

/** A semantic version: MAJOR.MINOR.PATCH with an optional pre-release (`0.3.0-rc.1`). */
const semver = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?$/;

/** The version of the root package.json: the repository's release version. */
export function rootVersion(): string {
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    version?: unknown;
  };
  if (typeof version !== 'string' || !semver.test(version)) {
    throw new Error(`package.json version ${String(version)} is not a semantic version`);
  }
  return version;
}

/** Why `tag` cannot release this tree, or undefined when it can. */
export function tagProblem(tag: string, version: string, changelog: string): string | undefined {
  if (tag !== `v${version}`) {
    return `tag ${tag} differs from the root package.json version ${version}: tag v${version}, or set the version and tag again`;
  }
  const heading = new RegExp(`^## ${version.replaceAll('.', '\\.')} — \\d{4}-\\d{2}-\\d{2}$`, 'm');
  if (!heading.test(changelog)) {
    return `CHANGELOG.md has no "## ${version} — YYYY-MM-DD" section: cut Unreleased into it first`;
  }
  return undefined;
}

if (require.main === module) {
  const tag = process.argv[2] ?? '';
  const version = rootVersion();
  const problem = tagProblem(tag, version, readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8'));
  if (problem) {
    console.error(`release: ${problem}`);
    process.exit(1);
  }
  console.log(version);
}
