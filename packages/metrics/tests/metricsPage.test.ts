import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type MetricName, metricUnits } from '../src';

const root = path.resolve(__dirname, '../../..');

/** The rows of docs/METRICS.md's metric tables (`| metric | unit | …`): name → its unit. */
function documentedMetrics(): Map<string, string> {
  const page = readFileSync(path.join(root, 'docs/METRICS.md'), 'utf8');
  const documented = new Map<string, string>();
  let inMetricTable = false;
  for (const line of page.split('\n')) {
    if (!line.startsWith('|')) inMetricTable = false;
    else if (/^\|\s*metric\s*\|\s*unit\s*\|/.test(line)) inMetricTable = true;
    else if (inMetricTable && !/^\|\s*-/.test(line)) {
      const [name = '', unit = ''] = line
        .split('|')
        .slice(1, 3)
        .map((cell) => cell.trim());
      documented.set(name.replace(/^`(.*)`$/, '$1'), unit);
    }
  }
  return documented;
}

/** The TypeScript sources of every function, where metrics are recorded. */
function functionSources(): string {
  const functions = path.join(root, 'functions');
  const sources: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.ts')) sources.push(readFileSync(file, 'utf8'));
    }
  };
  for (const name of readdirSync(functions)) walk(path.join(functions, name, 'src'));
  return sources.join('\n');
}

describe('docs/METRICS.md', () => {
  it('lists every metric the code may emit, with its unit, and no other', () => {
    // Prepare
    const emittable = Object.entries(metricUnits);

    // Act
    const documented = documentedMetrics();

    // Assess
    expect([...documented.entries()].sort()).toEqual(emittable.sort());
  });

  it('lists no metric that no function records', () => {
    // Prepare
    const sources = functionSources();

    // Act
    const unrecorded = (Object.keys(metricUnits) as MetricName[]).filter(
      (name) => !sources.includes(`'${name}'`),
    );

    // Assess
    expect(unrecorded).toEqual([]);
  });
});
