/**
 * Key names on Redis Cluster. A delivery is claimed and the citizen's conversation read
 * by one script (see redis.ts), and Cluster runs a script only when all its keys are in
 * one slot; so in Cluster mode the store gives a citizen's keys one hash tag,
 * `{<account>:<openId>}`, and batches scripts per slot. On one server or Sentinel the
 * names are used as they are, so a single server's keys stay what they always were.
 *
 * The citizen's keys, as written by session/session-store.ts, session/service-window.ts
 * and wechat/delivery.ts (whose claim key ends in wechat/inbound.ts dedupKey):
 *   session:<account>:<openId>
 *   window:<account>:<openId>
 *   dlv:<account>:<m|u|e>:<openId>:…
 * Any other key is left to Redis (hashed whole); a key already holding a tag keeps it.
 */
const CITIZEN_KEY = /^(?:(?:session|window):([^:{}]+):([^:{}]+)$|dlv:([^:{}]+):[a-z]:([^:{}]+):)/;

export function citizenTag(key: string): string | undefined {
  const m = CITIZEN_KEY.exec(key);
  if (!m) return undefined;
  return m[1] !== undefined ? `${m[1]}:${m[2]}` : `${m[3]}:${m[4]}`;
}

/** The name a logical key has on the server: the prefix, and in Cluster mode the citizen's hash tag. */
export function clusterKey(prefix: string, key: string): string {
  if (key.includes('{')) return prefix + key;
  const tag = citizenTag(key);
  return tag === undefined ? prefix + key : `${prefix}{${tag}}${key}`;
}
