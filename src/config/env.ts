/**
 * Readers for environment variables. Each problem is recorded instead of thrown, so a
 * misconfigured deployment learns every missing or invalid variable in one start
 * rather than one per restart. An empty variable counts as unset everywhere.
 */

export type Env = Record<string, string | undefined>;

export interface ConfigProblem {
  variable: string;
  problem: string;
}

export class ConfigError extends Error {
  /** The first variable at fault (all of them are in `problems`). */
  readonly variable: string;
  readonly problems: ConfigProblem[];

  constructor(problems: ConfigProblem[]) {
    const lines = problems.map((p) => `  ${p.variable} ${p.problem}`);
    super(
      problems.length === 1
        ? `Invalid configuration: ${problems[0]!.variable} ${problems[0]!.problem}`
        : `Invalid configuration (${problems.length} problems):\n${lines.join('\n')}`,
    );
    this.name = 'ConfigError';
    this.variable = problems[0]!.variable;
    this.problems = problems;
  }
}

export interface HostPort {
  host: string;
  port: number;
}

/** Reads variables from one environment, collecting problems; `check()` throws them all at once. */
export class EnvReader {
  readonly problems: ConfigProblem[] = [];

  constructor(private readonly env: Env) {}

  report(variable: string, problem: string): void {
    if (!this.problems.some((p) => p.variable === variable)) this.problems.push({ variable, problem });
  }

  has(name: string): boolean {
    return this.string(name) !== undefined;
  }

  /** The value, or undefined when unset or empty. */
  string(name: string): string | undefined {
    const raw = this.env[name];
    return raw === undefined || raw === '' ? undefined : raw;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw)) {
      this.report(name, `must be an integer, got "${raw}"`);
      return fallback;
    }
    const value = Number(raw);
    if (value < min || value > max) {
      this.report(name, `must be between ${min} and ${max}, got ${value}`);
      return fallback;
    }
    return value;
  }

  url(name: string, protocols: string[]): string | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      this.report(name, 'must be a URL');
      return undefined;
    }
    if (!protocols.includes(url.protocol)) {
      this.report(name, `must use ${protocols.join(' or ')}, got ${url.protocol}`);
      return undefined;
    }
    return raw.replace(/\/+$/, '');
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.string(name);
    if (raw === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
    if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
    this.report(name, `must be true or false, got "${raw}"`);
    return fallback;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.string(name) ?? fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.report(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
    return fallback;
  }

  hostPorts(name: string): HostPort[] | undefined {
    const raw = this.string(name);
    if (raw === undefined || raw.trim() === '') return undefined;
    const list: HostPort[] = [];
    for (const part of raw.split(',')) {
      const match = /^\s*([A-Za-z0-9.\-_]+|\[[0-9a-fA-F:]+\]):(\d{1,5})\s*$/.exec(part);
      const port = Number(match?.[2]);
      if (!match || port < 1 || port > 65535) {
        this.report(name, `must be a comma-separated list of host:port, got "${part.trim()}"`);
        return undefined;
      }
      list.push({ host: match[1]!.replace(/^\[|\]$/g, ''), port });
    }
    return list;
  }

  /** Throws one ConfigError naming every problem found so far. */
  check(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }
}
