import { readdirSync, readFileSync } from 'node:fs';

/** Files of the conformance corpus, copied unchanged into test/fixtures/conformance/ (see its sources.md). */
const ROOT = new URL('../fixtures/conformance/', import.meta.url);

export function corpusText(path: string): string {
  return readFileSync(new URL(path, ROOT), 'utf8');
}

/** Every XML sample of the corpus (inbound messages, events, envelopes, replies) as [path, text]. */
export function allXmlFiles(): Array<[string, string]> {
  return ['inbound/messages/', 'inbound/events/', 'inbound/envelopes/', 'replies/'].flatMap((dir) =>
    readdirSync(new URL(dir, ROOT))
      .filter((f) => f.endsWith('.xml'))
      .map((f): [string, string] => [dir + f, corpusText(dir + f)]),
  );
}

export function corpusJson<T>(path: string): T {
  return JSON.parse(corpusText(path)) as T;
}

/** Matches a lone surrogate: what a cut inside a surrogate pair leaves behind. */
export const LONE_SURROGATE = /\p{Cs}/u;

export interface ManifestEntry {
  file: string;
  kind: string;
  MsgType?: string;
  Event?: string | null;
  expect?: Record<string, string>;
  dedup?: { official: string; key_official: string; key_recommended: string };
  crypto_vector?: string;
  body?: string;
}

export interface Manifest {
  inbound: ManifestEntry[];
  envelopes: ManifestEntry[];
  replies: ManifestEntry[];
}

export const manifest = corpusJson<Manifest>('manifest.json');

/**
 * Resolves a manifest path such as `SendPicsInfo.PicList.item[0].PicMd5Sum`. A single
 * repeated-element child parses as an object, so `[0]` on a non-array selects it.
 */
export function atPath(fields: unknown, path: string): unknown {
  let value: unknown = fields;
  for (const segment of path.split('.')) {
    const match = /^(.+?)(?:\[(\d+)\])?$/.exec(segment);
    if (!match || typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[match[1] as string];
    if (match[2] !== undefined) {
      const index = Number(match[2]);
      value = Array.isArray(value) ? value[index] : index === 0 ? value : undefined;
    }
  }
  return value;
}
