/**
 * A wall-clock budget: every benchmark loop has both a count and one of these, so a slow
 * machine shortens a measurement instead of blowing the 10-minute bound.
 */
export interface Deadline {
  /** True once the budget is spent. */
  passed(): boolean;
  /** Milliseconds left (never negative). */
  remainingMs(): number;
}

/** A deadline `budgetMs` from now. */
export function deadlineIn(budgetMs: number): Deadline {
  const endsAt = performance.now() + budgetMs;
  return {
    passed: () => performance.now() >= endsAt,
    remainingMs: () => Math.max(0, endsAt - performance.now()),
  };
}
