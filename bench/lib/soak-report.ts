import { linearTrend } from './trend.js';

/** Whether memory grows under steady load: trends of RSS and of the heap's post-GC floor. */

export interface MemorySample {
  /** Minutes since the load started. */
  minute: number;
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
}

/** Growth below this (MB per minute), or a poor fit, counts as flat: 0.5 MB/min is 720 MB a day. */
const GROWTH_MB_PER_MIN = 0.5;
const FIT = 0.5;

/** The lowest heap reading of each minute: close to the live heap just after a collection. */
function floors(samples: MemorySample[]): Array<{ x: number; y: number }> {
  const byMinute = new Map<number, number>();
  for (const s of samples) {
    const m = Math.floor(s.minute);
    byMinute.set(m, Math.min(byMinute.get(m) ?? Infinity, s.heapUsedMb));
  }
  return [...byMinute].map(([x, y]) => ({ x, y }));
}

export function soakVerdict(samples: MemorySample[]): { lines: string[]; grows: boolean } {
  // The first minute is warm-up: caches fill, JIT settles, the heap finds its size.
  const steady = samples.filter((s) => s.minute >= 1);
  const rss = linearTrend(steady.map((s) => ({ x: s.minute, y: s.rssMb })));
  const heap = linearTrend(steady.map((s) => ({ x: s.minute, y: s.heapUsedMb })));
  const floor = linearTrend(floors(steady));
  const growing = (t: { slope: number; r2: number }) => t.slope > GROWTH_MB_PER_MIN && t.r2 > FIT;
  const describe = (name: string, t: { slope: number; r2: number }) =>
    `| ${name} | ${t.slope >= 0 ? '+' : ''}${t.slope.toFixed(2)} MB/min | ${t.r2.toFixed(2)} | ${growing(t) ? '**grows**' : 'flat'} |`;
  const grows = growing(rss) || growing(floor);
  return {
    grows,
    lines: [
      '| series (after the first minute) | trend | R² | verdict |',
      '|---|---|---|---|',
      describe('RSS', rss),
      describe('heap used (all samples)', heap),
      describe('heap floor (lowest per minute ≈ live heap)', floor),
      '',
      grows
        ? `**Memory grows under steady load** (more than ${GROWTH_MB_PER_MIN} MB/min with R² > ${FIT}).`
        : `No growth: RSS and the heap floor stay within ${GROWTH_MB_PER_MIN} MB/min (or show no consistent trend).`,
    ],
  };
}
