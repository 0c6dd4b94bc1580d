import type { CliContext } from './context';
import { formatDuration } from './format';
import type { TextSink } from './output';

/** How a {@link Progress} renders. */
export interface ProgressOptions {
  sink: TextSink;
  label: string;
  /** Units counted, e.g. `events`. */
  unit: string;
  /** Known total (bar and percentage), or undefined for a plain counter. */
  total?: number;
  /** Milliseconds between plain lines when the sink is not a TTY. */
  intervalMs?: number;
  /**
   * Show the time left at the current rate. The rate is then measured from the first update,
   * not from the start: a job followed mid-way (a replay) had done part of its work before.
   */
  eta?: boolean;
  now?: () => number;
}

const ttyRenderMs = 100;

/**
 * Column widths of the bar, fixed so that the bars of successive phases (`sending`, then
 * `stored`) line up and no column moves as the numbers grow: the longest label
 * (`redriving`), counts up to 9999/9999 (larger ones push the rest right), and rates up
 * to 99999/s.
 */
const labelWidth = 9;
const countsWidth = 9;
const rateWidth = 7;
/** Room kept after the rate for a short detail (`12 selected`), before the bar may shrink. */
const detailRoom = 16;

/**
 * A progress indicator on stderr: a redrawn bar (`\r`, ANSI erase-line) when the
 * sink is a TTY, else a plain line every `intervalMs` so logs and CI show progress
 * without control characters.
 */
export class Progress {
  private readonly started: number;
  private lastRender = Number.NEGATIVE_INFINITY;
  private done = 0;
  private detail = '';
  private drawn = false;
  /** The first update (count, time): where an ETA's rate is measured from. */
  private baseline: { done: number; at: number } | undefined;
  private readonly now: () => number;

  constructor(private readonly options: ProgressOptions) {
    this.now = options.now ?? Date.now;
    this.started = this.now();
    if (!this.tty) this.lastRender = this.started;
  }

  private get tty(): boolean {
    return this.options.sink.isTTY === true;
  }

  /** The terminal's width; 80 when it does not say (0 or absent, as under `script`). */
  private get columns(): number {
    return this.options.sink.columns || 80;
  }

  /** Records the count so far (and an optional short detail); renders when due. */
  update(done: number, detail = ''): void {
    this.done = done;
    this.detail = detail;
    const now = this.now();
    this.baseline ??= { done, at: now };
    const every = this.tty ? ttyRenderMs : (this.options.intervalMs ?? 2000);
    if (now - this.lastRender < every) return;
    this.lastRender = now;
    this.render(now);
  }

  /** Draws the final state and ends the line. */
  finish(detail = this.detail): void {
    this.detail = detail;
    this.render(this.now());
    if (this.tty && this.drawn) this.options.sink.write('\n');
  }

  /** The text of one progress line (without control characters). */
  line(now: number): string {
    const { total, unit, label } = this.options;
    const from = this.options.eta && this.baseline ? this.baseline : { done: 0, at: this.started };
    const perSecond = (this.done - from.done) / Math.max((now - from.at) / 1000, 0.001);
    const rate = `${Math.round(perSecond)}/s`;
    const tail = `${this.etaText(perSecond)}${this.detail ? `  ${this.detail}` : ''}`;
    if (total === undefined || total <= 0) {
      return `${label} ${this.done} ${unit}  ${rate}${tail}`;
    }
    const fraction = Math.min(1, this.done / total);
    const percent = `${Math.floor(fraction * 100)}%`;
    const counts = `${this.done}/${total}`;
    if (!this.tty) return `${label}: ${counts} ${unit} (${percent}), ${rate}${tail}`;
    // Depends on the terminal and the unit only, so the bar keeps its width while drawn.
    const fixed = labelWidth + 4 + countsWidth + unit.length + rateWidth + 6;
    const width = Math.max(10, Math.min(40, this.columns - 1 - fixed - detailRoom));
    const filled = Math.round(fraction * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    return [
      label.padEnd(labelWidth),
      bar,
      percent.padStart(4),
      `${counts.padStart(countsWidth)} ${unit}`,
      ` ${rate.padStart(rateWidth)}${tail}`,
    ].join(' ');
  }

  /** `  ETA 12.0 s` at this rate, when asked for and a total is known; empty otherwise. */
  private etaText(perSecond: number): string {
    const { total } = this.options;
    if (!this.options.eta || total === undefined || this.done >= total) return '';
    return perSecond > 0
      ? `  ETA ${formatDuration(((total - this.done) / perSecond) * 1000)}`
      : '  ETA ?';
  }

  private render(now: number): void {
    const text = this.line(now);
    if (this.tty) {
      this.options.sink.write(`\r\x1b[2K${text.slice(0, Math.max(20, this.columns - 1))}`);
      this.drawn = true;
    } else {
      this.options.sink.write(`${text}\n`);
    }
  }
}

/** What a command's progress counts; where and how often it prints comes from the context. */
export type ProgressMeasure = Pick<ProgressOptions, 'label' | 'unit' | 'total' | 'eta'>;

/**
 * Runs `work` with a progress indicator on the command's stderr and ends the indicator's
 * line however `work` ends, so that what is printed next (the result, or an error)
 * starts a line of its own.
 */
export async function withProgress<T>(
  context: Pick<CliContext, 'stderr' | 'progressIntervalMs'>,
  measure: ProgressMeasure,
  work: (progress: Progress) => Promise<T>,
): Promise<T> {
  const progress = new Progress({
    sink: context.stderr,
    ...measure,
    ...(context.progressIntervalMs ? { intervalMs: context.progressIntervalMs } : {}),
  });
  try {
    return await work(progress);
  } finally {
    progress.finish();
  }
}
