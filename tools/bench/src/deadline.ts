/**
 * A wall-clock budget: every benchmark loop has both a count and one of these,
 * so a slow machine shortens a measurement instead of blowing the 10-minute bound.
 */
export class Deadline {
  private readonly endsAt: number;

  constructor(readonly budgetMs: number) {
    this.endsAt = performance.now() + budgetMs;
  }

  /** True once the budget is spent. */
  passed(): boolean {
    return performance.now() >= this.endsAt;
  }

  /** Milliseconds left (never negative). */
  remainingMs(): number {
    return Math.max(0, this.endsAt - performance.now());
  }
}
