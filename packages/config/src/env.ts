/** The process environment, or a map standing in for it in tests. */
export type Env = Record<string, string | undefined>;

/** Thrown at cold start when the environment cannot run the function; names every problem. */
export class ConfigError extends Error {
  readonly code = 'CONFIG_INVALID';
  constructor(readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Collects problems while reading variables, so one error can list them all. */
export class EnvReader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  required(name: string): string {
    const value = this.env[name];
    if (value === undefined || value === '') {
      this.problems.push(`${name} is required`);
      return '';
    }
    return value;
  }

  optional(name: string): string | undefined {
    const value = this.env[name];
    return value === '' ? undefined : value;
  }

  integer(name: string, fallback: number, range: { min: number; max: number }): number {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < range.min || value > range.max) {
      this.problems.push(`${name} must be an integer from ${range.min} to ${range.max}`);
      return fallback;
    }
    return value;
  }

  boolean(name: string, fallback: boolean): boolean {
    const raw = this.optional(name);
    if (raw === undefined) return fallback;
    if (raw === 'true' || raw === '1') return true;
    if (raw === 'false' || raw === '0') return false;
    this.problems.push(`${name} must be true or false`);
    return fallback;
  }

  /** Throws a ConfigError listing every problem found, or returns the value. */
  done<T>(value: T): T {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
    return value;
  }
}
