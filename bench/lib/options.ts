import type { ScenarioId } from './scenarios.js';

/** Command-line flags of `npm run bench`. */
export interface BenchOptions {
  quick: boolean;
  durationSec: number;
  warmupSec: number;
  rounds: number;
  connections: number;
  build: boolean;
  profile: boolean;
  extras: boolean;
  seedDemo: boolean;
  only?: string[];
  /** Extra node flags for the product (V8 heap tuning experiments), space-separated. */
  nodeFlags: string[];
  /** The product's LOG_LEVEL (info, as in production). */
  logLevel: string;
  /** Which scenario the CPU profile is taken on. */
  profileScenario: ScenarioId;
  /** Instances behind a local reverse proxy (bench/lib/instances.ts); undefined: the single-instance benchmark. */
  instances?: number;
}

export function parseOptions(argv: string[]): BenchOptions {
  const flag = (name: string) => argv.includes(`--${name}`);
  const value = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  const quick = flag('quick');
  const number = (name: string, fallback: number) => {
    const raw = value(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got ${raw}`);
    return n;
  };
  return {
    quick,
    durationSec: number('duration', quick ? 3 : 7),
    warmupSec: number('warmup', quick ? 1 : 1.5),
    rounds: Math.max(3, number('rounds', 3)),
    connections: number('connections', 64),
    build: !flag('no-build'),
    profile: !flag('no-profile'),
    extras: !flag('no-extras'),
    seedDemo: !flag('no-demo'),
    only: value('only')?.split(','),
    nodeFlags: value('node-flags')?.split(' ').filter(Boolean) ?? [],
    logLevel: value('log-level') ?? 'info',
    profileScenario: (value('profile-scenario') ?? 'plaintext') as ScenarioId,
    instances: value('instances') === undefined ? undefined : Math.floor(number('instances', 1)),
  };
}

export const USAGE = `npm run bench -- [--quick] [--duration=S] [--rounds=N] [--connections=N] [--only=plaintext,safe,…]
                    [--no-build] [--no-profile] [--no-extras] [--no-demo] [--node-flags="--max-old-space-size=96 …"] [--log-level=warn] [--profile-scenario=rules-10000]
                    [--instances=3]   several instances behind a local reverse proxy: scaling and once-only effects`;
