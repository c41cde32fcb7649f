/**
 * Redis Cluster's key → slot mapping (https://redis.io/docs/reference/cluster-spec/#key-distribution-model):
 * CRC16/XMODEM of the key modulo 16384, where a key containing `{…}` with something
 * between the braces is hashed on that part only (its hash tag).
 */
const TABLE = (() => {
  const table = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = i << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1;
    table[i] = crc & 0xffff;
  }
  return table;
})();

function crc16(bytes: Uint8Array): number {
  let crc = 0;
  for (const byte of bytes) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ byte) & 0xff]!;
  return crc;
}

const encoder = new TextEncoder();

export function hashSlot(key: string): number {
  const open = key.indexOf('{');
  if (open !== -1) {
    const close = key.indexOf('}', open + 1);
    if (close > open + 1) key = key.slice(open + 1, close);
  }
  return crc16(encoder.encode(key)) % 16384;
}

/** The slot both keys are in, or undefined when they are in different ones. */
export function sameSlot(a: string, b: string): number | undefined {
  const slot = hashSlot(a);
  return hashSlot(b) === slot ? slot : undefined;
}

/**
 * Runs a batch as one call per slot (Redis Cluster refuses a script whose keys span
 * slots), and items with no single slot one by one; answers in the batch's order.
 */
export async function perSlot<In, Out>(
  batch: In[],
  slotOf: (item: In) => number | undefined,
  together: (items: In[]) => Promise<Out[]>,
  alone?: (item: In) => Promise<Out>,
): Promise<Out[]> {
  const groups = new Map<number, number[]>();
  const single: number[] = [];
  batch.forEach((item, i) => {
    const slot = slotOf(item);
    if (slot === undefined) return single.push(i);
    const group = groups.get(slot);
    if (group) group.push(i);
    else groups.set(slot, [i]);
  });
  if (single.length && !alone) throw new Error('an item of this batch has no single slot');
  const out = new Array<Out>(batch.length);
  await Promise.all([
    ...[...groups.values()].map(async (indices) => {
      const results = await together(indices.map((i) => batch[i]!));
      indices.forEach((i, n) => (out[i] = results[n]!));
    }),
    ...single.map(async (i) => {
      out[i] = await alone!(batch[i]!);
    }),
  ]);
  return out;
}
