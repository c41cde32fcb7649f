import { Cluster, Redis, type RedisOptions } from 'ioredis';
import type { HostPort } from '../../config/config.js';

export interface RedisTopology {
  /** One server. Exactly one of url, sentinels (with sentinelName) or clusterNodes is given. */
  url?: string;
  sentinels?: HostPort[];
  sentinelName?: string;
  clusterNodes?: HostPort[];
  /** A stalled Redis must not stall a webhook past WeChat's deadline. */
  commandTimeoutMs?: number;
}

export type RedisConnection = Redis | Cluster;

/** How the store talks to Redis: one connection for commands, one for pub/sub, and whether keys are spread over a cluster. */
export interface RedisConnections {
  client: RedisConnection;
  subscriber: RedisConnection;
  clustered: boolean;
  /** For logs: what was connected to. */
  describe: string;
}

const list = (nodes: HostPort[]) => nodes.map((n) => `${n.host}:${n.port}`).join(',');

/** Opens (lazily) the two connections of the topology the environment chose. */
export function openConnections(topology: RedisTopology): RedisConnections {
  const base: RedisOptions = {
    lazyConnect: true,
    // Fail fast while disconnected instead of queueing: callers degrade, WeChat still gets an answer.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: topology.commandTimeoutMs ?? 800,
    connectTimeout: 2000,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  };
  // Commands issued in the same tick by concurrent webhook requests share one round trip.
  const forClient = { enableAutoPipelining: true };
  const forSubscriber = { commandTimeout: undefined };

  if (topology.url) {
    return { client: new Redis(topology.url, { ...base, ...forClient }), subscriber: new Redis(topology.url, { ...base, ...forSubscriber }), clustered: false, describe: 'one server' };
  }
  if (topology.sentinels?.length) {
    if (!topology.sentinelName) throw new Error('Redis Sentinel needs the name of the monitored master (REDIS_SENTINEL_NAME)');
    // ioredis asks the sentinels for the current master, and again after a failover;
    // failoverDetector listens for +switch-master so the switch does not wait for a timeout.
    const sentinel: RedisOptions = { sentinels: topology.sentinels, name: topology.sentinelName, failoverDetector: true, sentinelRetryStrategy: (times) => Math.min(times * 200, 2000) };
    return {
      client: new Redis({ ...base, ...sentinel, ...forClient }),
      subscriber: new Redis({ ...base, ...sentinel, ...forSubscriber }),
      clustered: false,
      describe: `Sentinel master "${topology.sentinelName}" via ${list(topology.sentinels)}`,
    };
  }
  if (topology.clusterNodes?.length) {
    const { lazyConnect, enableOfflineQueue, retryStrategy, ...redisOptions } = base;
    // No auto-pipelining on Cluster: ioredis routes an auto-pipelined script by its first
    // argument (the script, not a key) and fails whole pipelines of keys on several nodes
    // (redis/ioredis#2109). The store's own batches already group the hot path per slot.
    const cluster = (commandTimeout: number | undefined) =>
      new Cluster(topology.clusterNodes!, {
        lazyConnect,
        enableOfflineQueue,
        clusterRetryStrategy: retryStrategy,
        // After a failover the new primary takes a moment to be announced: retry a redirected command briefly.
        retryDelayOnFailover: 100,
        retryDelayOnClusterDown: 100,
        redisOptions: { ...redisOptions, commandTimeout },
      });
    return {
      client: cluster(redisOptions.commandTimeout),
      subscriber: cluster(undefined),
      clustered: true,
      describe: `Cluster via ${list(topology.clusterNodes)}`,
    };
  }
  throw new Error('Redis needs REDIS_URL, REDIS_SENTINELS with REDIS_SENTINEL_NAME, or REDIS_CLUSTER_NODES');
}
