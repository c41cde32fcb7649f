import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one app instance. A registry per app keeps test apps apart. */
export interface Metrics {
  registry: Registry;
  messages: Counter<'account' | 'type' | 'rule'>;
  replyLatency: Histogram<'outcome'>;
  dedupHits: Counter<'account'>;
  deadlineFallbacks: Counter<'account'>;
  outboundCalls: Counter<'api' | 'result'>;
  authFailures: Counter<'kind'>;
}

export function createMetrics(withDefaults = true): Metrics {
  const registry = new Registry();
  if (withDefaults) collectDefaultMetrics({ register: registry, prefix: 'weizheng_' });
  return {
    registry,
    messages: new Counter({
      name: 'weizheng_messages_total',
      help: 'Inbound WeChat messages and events by type and by the rule that answered',
      labelNames: ['account', 'type', 'rule'],
      registers: [registry],
    }),
    replyLatency: new Histogram({
      name: 'weizheng_reply_latency_seconds',
      help: 'Time from request arrival to the webhook response',
      labelNames: ['outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 4, 4.5, 5],
      registers: [registry],
    }),
    dedupHits: new Counter({
      name: 'weizheng_dedup_hits_total',
      help: 'Deliveries recognised as WeChat retries of a message already received',
      labelNames: ['account'],
      registers: [registry],
    }),
    deadlineFallbacks: new Counter({
      name: 'weizheng_deadline_fallbacks_total',
      help: 'Replies that missed the passive-reply budget and went out through the customer-service API',
      labelNames: ['account'],
      registers: [registry],
    }),
    outboundCalls: new Counter({
      name: 'weizheng_wechat_api_calls_total',
      help: 'Outbound WeChat API calls by API and result',
      labelNames: ['api', 'result'],
      registers: [registry],
    }),
    authFailures: new Counter({
      name: 'weizheng_auth_failures_total',
      help: 'Failed admin authentication by kind (login: console sign-in, bearer: API token) and refusals while locked',
      labelNames: ['kind'],
      registers: [registry],
    }),
  };
}
