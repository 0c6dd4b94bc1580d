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
  now?: () => number;
}

const ttyRenderMs = 100;

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
  private readonly now: () => number;

  constructor(private readonly options: ProgressOptions) {
    this.now = options.now ?? Date.now;
    this.started = this.now();
    if (!this.tty) this.lastRender = this.started;
  }

  private get tty(): boolean {
    return this.options.sink.isTTY === true;
  }

  /** Records the count so far (and an optional short detail); renders when due. */
  update(done: number, detail = ''): void {
    this.done = done;
    this.detail = detail;
    const now = this.now();
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
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    const rate = `${Math.round(this.done / seconds)}/s`;
    const tail = this.detail ? `  ${this.detail}` : '';
    if (total === undefined || total <= 0) {
      return `${label} ${this.done} ${unit}  ${rate}${tail}`;
    }
    const fraction = Math.min(1, this.done / total);
    const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
    const counts = `${this.done}/${total} ${unit}`;
    if (!this.tty) return `${label}: ${counts} (${percent.trim()}), ${rate}${tail}`;
    const width = Math.max(10, Math.min(40, (this.options.sink.columns ?? 80) - 50));
    const filled = Math.round(fraction * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    return `${label} ${bar} ${percent} ${counts}  ${rate}${tail}`;
  }

  private render(now: number): void {
    const text = this.line(now);
    if (this.tty) {
      const columns = this.options.sink.columns ?? 80;
      this.options.sink.write(`\r\x1b[2K${text.slice(0, Math.max(20, columns - 1))}`);
      this.drawn = true;
    } else {
      this.options.sink.write(`${text}\n`);
    }
  }
}
