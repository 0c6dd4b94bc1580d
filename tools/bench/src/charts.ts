import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './environment';
import { formatNumber } from './report';
import type { MeasurementResult } from './results';

/** One line of a chart: its name, colour and points. */
interface Series {
  name: string;
  color: string;
  points: [number, number][];
  dashed?: boolean;
}

const width = 640;
const height = 360;
const margin = { left: 70, right: 170, top: 40, bottom: 50 };
const palette = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e'];

/** An axis tick: whole numbers as they are (ticks are round), others to three figures. */
const tickText = (value: number) =>
  Number.isInteger(value) ? value.toLocaleString('en-US') : formatNumber(value);

const xmlText = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Round numbers for an axis from 0 (or `min`) to at least `max`. */
function ticks(max: number, count = 5): number[] {
  const raw = max / count;
  const step = 10 ** Math.floor(Math.log10(raw || 1));
  const nice = [1, 2, 2.5, 5, 10].map((m) => m * step).find((s) => s >= raw) ?? raw;
  return Array.from({ length: Math.ceil(max / nice) + 1 }, (_, i) => i * nice);
}

/** A line chart (x and y linear from 0), hand-written SVG: no dependency, diff-friendly text. */
function lineChart(options: {
  title: string;
  alt: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  logX?: boolean;
  target?: { y: number; label: string };
}): string {
  const xs = options.series.flatMap((s) => s.points.map(([x]) => x));
  const ys = options.series.flatMap((s) => s.points.map(([, y]) => y));
  const yTicks = ticks(Math.max(...ys, options.target?.y ?? 0) * 1.05);
  const yMax = yTicks.at(-1) ?? 1;
  const xValues = [...new Set(xs)].sort((a, b) => a - b);
  const xMin = options.logX ? Math.log10(xValues[0] ?? 1) : 0;
  const xMax = options.logX
    ? Math.log10(xValues.at(-1) ?? 10)
    : (ticks(Math.max(...xs)).at(-1) ?? 1);
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const px = (x: number) =>
    margin.left + (((options.logX ? Math.log10(x) : x) - xMin) / (xMax - xMin || 1)) * plotW;
  const py = (y: number) => margin.top + plotH - (y / yMax) * plotH;
  const xTicks = options.logX ? xValues : ticks(Math.max(...xs));
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<title>${xmlText(options.alt)}</title>`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${margin.left}" y="22" font-size="14" font-weight="bold">${xmlText(options.title)}</text>`,
  ];
  for (const y of yTicks) {
    parts.push(
      `<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${py(y).toFixed(1)}" y2="${py(y).toFixed(1)}" stroke="#ddd"/>`,
      `<text x="${margin.left - 6}" y="${(py(y) + 4).toFixed(1)}" text-anchor="end">${tickText(y)}</text>`,
    );
  }
  for (const x of xTicks) {
    parts.push(
      `<text x="${px(x).toFixed(1)}" y="${margin.top + plotH + 18}" text-anchor="middle">${tickText(x)}</text>`,
    );
  }
  parts.push(
    `<line x1="${margin.left}" x2="${margin.left}" y1="${margin.top}" y2="${margin.top + plotH}" stroke="#333"/>`,
    `<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${margin.top + plotH}" y2="${margin.top + plotH}" stroke="#333"/>`,
    `<text x="${margin.left + plotW / 2}" y="${height - 10}" text-anchor="middle">${xmlText(options.xLabel)}</text>`,
    `<text transform="translate(16 ${margin.top + plotH / 2}) rotate(-90)" text-anchor="middle">${xmlText(options.yLabel)}</text>`,
  );
  if (options.target) {
    const y = py(options.target.y).toFixed(1);
    parts.push(
      `<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${y}" y2="${y}" stroke="#888" stroke-dasharray="6 4"/>`,
      `<text x="${margin.left + plotW + 6}" y="${y}" fill="#555">${xmlText(options.target.label)}</text>`,
    );
  }
  options.series.forEach((s, i) => {
    const path = s.points.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ');
    parts.push(
      `<polyline points="${path}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="4 3"' : ''}/>`,
      ...s.points.map(
        ([x, y]) =>
          `<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="3" fill="${s.color}"/>`,
      ),
      `<rect x="${margin.left + plotW + 10}" y="${margin.top + 20 * i}" width="12" height="3" fill="${s.color}"/>`,
      `<text x="${margin.left + plotW + 28}" y="${margin.top + 20 * i + 5}">${xmlText(s.name)}</text>`,
    );
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** A horizontal bar chart of labelled values. */
function barChart(options: {
  title: string;
  alt: string;
  unit: string;
  bars: { label: string; value: number; color: string }[];
  target?: { value: number; label: string };
}): string {
  const barH = 24;
  const gap = 12;
  const left = 110;
  const plotW = width - left - 120;
  const h = margin.top + options.bars.length * (barH + gap) + 40;
  const max =
    ticks(Math.max(...options.bars.map((b) => b.value), options.target?.value ?? 0) * 1.05).at(
      -1,
    ) ?? 1;
  const px = (v: number) => left + (v / max) * plotW;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${h}" viewBox="0 0 ${width} ${h}" font-family="sans-serif" font-size="12">`,
    `<title>${xmlText(options.alt)}</title>`,
    `<rect width="${width}" height="${h}" fill="white"/>`,
    `<text x="${left}" y="22" font-size="14" font-weight="bold">${xmlText(options.title)}</text>`,
  ];
  options.bars.forEach((b, i) => {
    const y = margin.top + i * (barH + gap);
    parts.push(
      `<text x="${left - 8}" y="${y + barH / 2 + 4}" text-anchor="end">${xmlText(b.label)}</text>`,
      `<rect x="${left}" y="${y}" width="${(px(b.value) - left).toFixed(1)}" height="${barH}" fill="${b.color}"/>`,
      `<text x="${(px(b.value) + 6).toFixed(1)}" y="${y + barH / 2 + 4}">${formatNumber(b.value)} ${xmlText(options.unit)}</text>`,
    );
  });
  if (options.target) {
    const x = px(options.target.value).toFixed(1);
    parts.push(
      `<line x1="${x}" x2="${x}" y1="${margin.top - 8}" y2="${h - 30}" stroke="#888" stroke-dasharray="6 4"/>`,
      `<text x="${x}" y="${h - 14}" text-anchor="middle" fill="#555">${xmlText(options.target.label)}</text>`,
    );
  }
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** A chart written into docs/: its file name and alt text. */
export interface Chart {
  file: string;
  alt: string;
}

/**
 * Renders the run's charts into docs/ (SVG text, no dependency): end-to-end latency by offered
 * rate, processor throughput by batch size against the reference and the raw-insert ceiling,
 * and import time per bundle. Returns what was written, for the page to show.
 */
export function writeCharts(results: MeasurementResult[]): Chart[] {
  const byName = new Map(results.map((r) => [r.name, r]));
  const charts: Chart[] = [];
  const write = (file: string, alt: string, render: (alt: string) => string) => {
    writeFileSync(path.join(repoRoot, 'docs', file), render(alt));
    charts.push({ file, alt });
  };
  const e2e = byName.get('end-to-end');
  const curve = (e2e?.details?.latencyByOfferedRate ?? []) as {
    offeredRate: number;
    p50: number;
    p95: number;
  }[];
  if (e2e?.status === 'ok' && curve.length > 0) {
    write(
      'bench-e2e-latency.svg',
      'End-to-end latency (ingest → queryable) by offered rate, p50 and p95',
      (alt) =>
        lineChart({
          alt,
          title: 'Local stack: ingest → queryable latency by offered rate',
          xLabel: 'offered rate (single POST /events per event), events/s — log scale',
          yLabel: 'ms',
          logX: true,
          series: [
            {
              name: 'p50',
              color: palette[0] as string,
              points: curve.map((c) => [c.offeredRate, c.p50]),
            },
            {
              name: 'p95',
              color: palette[1] as string,
              points: curve.map((c) => [c.offeredRate, c.p95]),
            },
          ],
          target: { y: 100, label: 'target p95 100 ms' },
        }),
    );
  }
  const processor = byName.get('processor-throughput');
  if (processor?.status === 'ok') {
    const batchSizes = (processor.parameters.batchSizes ?? []) as number[];
    const medianOf = (key: string) =>
      processor.metrics.find((m) => m.key === key)?.summary.median ?? Number.NaN;
    const reference = medianOf('reference');
    write(
      'bench-processor-throughput.svg',
      'Processor throughput by batch size: ours, the reference per-event algorithm, the raw-insert ceiling',
      (alt) =>
        lineChart({
          alt,
          title: 'Events persisted per second by batch size',
          xLabel: 'records per invocation (batch size)',
          yLabel: 'events/s',
          series: [
            {
              name: 'raw insert (ceiling)',
              color: palette[2] as string,
              points: batchSizes.map((b) => [b, medianOf(`ceiling_b${b}`)]),
            },
            {
              name: 'ours (processor)',
              color: palette[0] as string,
              points: batchSizes.map((b) => [b, medianOf(`ours_b${b}`)]),
            },
            {
              name: 'reference',
              color: palette[1] as string,
              points: batchSizes.map((b) => [b, reference]),
              dashed: true,
            },
          ],
        }),
    );
  }
  const cold = byName.get('cold-start');
  if (cold?.status === 'ok') {
    const imports = cold.metrics.filter((m) => /^import_ms_[a-z]+$/.test(m.key));
    write('bench-cold-start.svg', 'Import time per function bundle (median)', (alt) =>
      barChart({
        alt,
        title: 'Bundle import time (median, fresh node process)',
        unit: 'ms',
        bars: imports.map((m, i) => ({
          label: m.key.replace('import_ms_', ''),
          value: m.summary.median,
          color: palette[i % palette.length] as string,
        })),
        target: { value: 80, label: 'target 80 ms' },
      }),
    );
  }
  return charts;
}
