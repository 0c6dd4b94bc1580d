import { readFileSync } from 'node:fs';

/** One file of a zip: its name and stored (compressed) and original sizes. */
export interface ZipEntry {
  name: string;
  compressedBytes: number;
  bytes: number;
}

/** Lists a zip's entries from its central directory (no extraction, no dependency). */
export function zipEntries(file: string): ZipEntry[] {
  const zip = readFileSync(file);
  const endOfDirectory = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endOfDirectory < 0) throw new Error(`${file} is not a zip`);
  const count = zip.readUInt16LE(endOfDirectory + 10);
  let offset = zip.readUInt32LE(endOfDirectory + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    entries.push({
      name: zip.toString('utf8', offset + 46, offset + 46 + nameLength),
      compressedBytes: zip.readUInt32LE(offset + 20),
      bytes: zip.readUInt32LE(offset + 24),
    });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

const base64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const digit = new Map([...base64].map((c, i) => [c, i]));

/** The fields of one source-map segment (VLQ-decoded, still relative). */
function decodeSegment(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const d = digit.get(char) ?? 0;
    value += (d & 31) << shift;
    if (d & 32) shift += 5;
    else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}

/** The package a source path belongs to: `pkg` under node_modules, else `packages/x` / `functions/x`. */
function packageOf(source: string): string {
  const dependency = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(
    source,
  );
  if (dependency?.[1]) return dependency[1];
  const workspace = /(packages|functions)\/[^/]+/.exec(source);
  return workspace?.[0] ?? source;
}

/**
 * Bytes of a minified bundle by the package they came from, read from its
 * source map (what source-map-explorer does): which dependencies a cold start
 * pays to compile. Sorted, largest first.
 */
export function bundleComposition(bundleFile: string, top = 8): { package: string; kib: number }[] {
  const map = JSON.parse(readFileSync(`${bundleFile}.map`, 'utf8')) as {
    sources: string[];
    mappings: string;
  };
  const lines = readFileSync(bundleFile, 'utf8').split('\n');
  const bytes = new Map<string, number>();
  let source = 0;
  map.mappings.split(';').forEach((line, lineIndex) => {
    let column = 0;
    const segments: { column: number; source: number | undefined }[] = [];
    for (const segment of line.split(',')) {
      if (segment === '') continue;
      const fields = decodeSegment(segment);
      column += fields[0] ?? 0;
      if (fields.length > 1) source += fields[1] ?? 0;
      segments.push({ column, source: fields.length > 1 ? source : undefined });
    }
    const lineLength = lines[lineIndex]?.length ?? 0;
    segments.forEach((s, i) => {
      const end = segments[i + 1]?.column ?? lineLength;
      const name = s.source === undefined ? '(unmapped)' : packageOf(map.sources[s.source] ?? '');
      bytes.set(name, (bytes.get(name) ?? 0) + Math.max(0, end - s.column));
    });
  });
  return [...bytes]
    .sort(([, a], [, b]) => b - a)
    .slice(0, top)
    .map(([name, size]) => ({ package: name, kib: Number((size / 1024).toFixed(1)) }));
}
