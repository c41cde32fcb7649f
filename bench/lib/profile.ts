import { readFileSync } from 'node:fs';

/** Reads a V8 .cpuprofile (node --cpu-prof) and attributes self time to functions and areas. */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  startTime: number;
  endTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Busy time (idle excluded), ms. */
  busyMs: number;
  areas: Array<{ area: string; ms: number; share: number }>;
  functions: Array<{ name: string; where: string; ms: number; share: number }>;
  /** Our own functions with everything they call (inclusive time): where the pipeline's time goes. */
  inclusive: Array<{ name: string; where: string; ms: number; share: number }>;
}

const PACKAGE_AREAS: Array<[RegExp, string]> = [
  [/^(sax|xml2js|xmlbuilder)$/, 'XML parsing (xml2js + sax)'],
  [/^(pino|sonic-boom|pino-std-serializers|fast-redact|thread-stream|quick-format-unescaped|on-exit-leak-free|atomic-sleep)$/, 'logging (pino)'],
  [/^(fastify|@fastify\/.*|find-my-way|light-my-request|avvio|fast-json-stringify|secure-json-parse|toad-cache|process-warning|abstract-logging|rfdc|fast-querystring|content-type|ret|safe-regex2)$/, 'fastify'],
  [/^(ioredis|redis-parser|redis-errors|denque|cluster-key-slot|standard-as-callback|debug)$/, 'Redis client (ioredis)'],
  [/^(pg|pg-protocol|pg-pool|pg-types|pgpass|postgres-.*)$/, 'Postgres client (pg)'],
  [/^(prom-client|tdigest|bintrees)$/, 'metrics (prom-client)'],
];

function packageOf(url: string): string | undefined {
  const at = url.lastIndexOf('/node_modules/');
  if (at === -1) return undefined;
  const rest = url.slice(at + '/node_modules/'.length).split('/');
  return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
}

function areaOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName === '(garbage collector)') return 'garbage collection';
    if (functionName === '(idle)') return '(idle)';
    return functionName.startsWith('(') ? `V8 ${functionName}` : 'native/builtins';
  }
  const pkg = packageOf(url);
  if (pkg) return PACKAGE_AREAS.find(([re]) => re.test(pkg))?.[1] ?? `package ${pkg}`;
  if (url.startsWith('node:')) {
    const mod = url.slice(5).replace(/^internal\//, '');
    if (/^(http|_http|net|stream|streams)/.test(mod)) return 'node core: http, net, streams';
    if (/crypto/.test(mod)) return 'node core: crypto';
    return 'node core: other';
  }
  const src = /\/(?:dist\/)?src\/(.+?)(?:\.js|\.ts)$/.exec(url);
  if (src) return `app: src/${src[1]}`;
  return 'other';
}

/**
 * `window` selects the load: microseconds before the end of the profile (the process
 * exit) at which it started and ended, so start-up and shutdown are left out.
 */
export function summarizeProfile(file: string, window?: { fromEndUs: number; toEndUs: number }, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  const from = window ? profile.endTime - window.fromEndUs : -Infinity;
  const to = window ? profile.endTime - window.toEndUs : Infinity;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at >= from && at <= to) self.set(id, (self.get(id) ?? 0) + delta / 1000);
  });

  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const inclusive = new Map<string, { name: string; where: string; ms: number }>();
  for (const [id, ms] of self) {
    if (areaOf(byId.get(id)!.callFrame) === '(idle)') continue;
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      const src = /\/(?:dist\/)?(src\/.+?)\.(?:js|ts)$/.exec(frame.url);
      if (!src) continue;
      const key = `${frame.functionName || '(anonymous)'}@${src[1]}:${frame.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const entry = inclusive.get(key) ?? { name: frame.functionName || '(anonymous)', where: `${src[1]}:${frame.lineNumber + 1}`, ms: 0 };
      entry.ms += ms;
      inclusive.set(key, entry);
    }
  }
  const areas = new Map<string, number>();
  const functions = new Map<string, { name: string; where: string; ms: number }>();
  let busyMs = 0;
  for (const [id, ms] of self) {
    const frame = byId.get(id)!.callFrame;
    const area = areaOf(frame);
    if (area === '(idle)') continue;
    busyMs += ms;
    areas.set(area, (areas.get(area) ?? 0) + ms);
    const where = frame.url ? `${frame.url.replace(/^.*\/(node_modules|dist)\//, '$1/').replace(/^file:\/\//, '')}:${frame.lineNumber + 1}` : '';
    const key = `${frame.functionName}@${where}`;
    const entry = functions.get(key) ?? { name: frame.functionName || '(anonymous)', where, ms: 0 };
    entry.ms += ms;
    functions.set(key, entry);
  }
  const share = (ms: number) => (busyMs ? (ms / busyMs) * 100 : 0);
  return {
    busyMs,
    areas: [...areas].map(([area, ms]) => ({ area, ms, share: share(ms) })).sort((a, b) => b.ms - a.ms),
    functions: [...functions.values()].map((f) => ({ ...f, share: share(f.ms) })).sort((a, b) => b.ms - a.ms).slice(0, top),
    inclusive: [...inclusive.values()].map((f) => ({ ...f, share: share(f.ms) })).sort((a, b) => b.ms - a.ms).slice(0, top + 5),
  };
}
