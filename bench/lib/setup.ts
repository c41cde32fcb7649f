import { Redis } from 'ioredis';
import { BENCH_AES_KEY, BENCH_TOKEN } from './messages.js';
import { insertKeywordRules } from './bench.repository.js';
import { KEYWORD, REPLY_MARKER, RULE_ACCOUNTS } from './scenarios.js';

/** Configures the running product for the scenarios through its admin API (and SQL for bulk rules). */

export const BENCH_ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';
export const DEFAULT_REPLY = '您的留言已收到，我们会尽快回复。（D-OK）';

async function admin(baseUrl: string, method: string, path: string, body?: unknown, accountId?: string): Promise<unknown> {
  const res = await fetch(`${baseUrl}/admin/api${path}`, {
    method,
    headers: {
      authorization: `Bearer ${BENCH_ADMIN_TOKEN}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(accountId ? { 'x-account-id': accountId } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

/** Ten operator rules on the default account, the bench one among them. */
const DEFAULT_ACCOUNT_RULES = [
  { text: KEYWORD, match: 'exact', reply: `${REPLY_MARKER} 办事指南：请回复事项名称，如“社保卡”“公积金”。` },
  { text: '热线电话', match: 'exact', reply: '12345' },
  { text: '上班时间', match: 'contains', reply: '工作日9:00-17:30' },
  { text: '停车', match: 'contains', reply: '中心地下停车场' },
  { text: '疫苗', match: 'contains', reply: '请咨询社区卫生服务中心' },
  { text: '天气', match: 'exact', reply: '请关注气象台' },
  { text: '地址', match: 'contains', reply: '示例大道1号' },
  { text: '投诉电话', match: 'exact', reply: '12345' },
  { text: '^[0-9]{11}$', match: 'regex', reply: '请勿发送手机号' },
  { text: '人工', match: 'exact', reply: '正在为您转接' },
];

export async function configureProduct(baseUrl: string, databaseUrl: string): Promise<void> {
  await admin(baseUrl, 'PUT', '/auto-replies/default', { replies: [{ type: 'text', content: DEFAULT_REPLY }] });
  for (const [i, rule] of DEFAULT_ACCOUNT_RULES.entries()) {
    await admin(baseUrl, 'POST', '/keyword-rules', {
      name: `bench-${i}`,
      keywords: [{ text: rule.text, match: rule.match }],
      replies: [{ type: 'text', content: rule.reply }],
      replyMode: 'random',
      // Above the demo content's own keyword rules, so the bench keyword answers with its marker.
      priority: i === 0 ? 500 : 0,
    });
  }
  for (const { id, count } of Object.values(RULE_ACCOUNTS)) {
    await admin(baseUrl, 'POST', '/accounts', {
      id,
      name: `压测账号 ${count} 条规则`,
      appId: `wxbench${id}`.slice(0, 20),
      appSecret: 'bench-app-secret',
      token: BENCH_TOKEN,
      encodingAesKey: BENCH_AES_KEY,
      // The rule-count scenarios send plaintext bodies.
      messageMode: 'compat',
    });
    await insertKeywordRules(databaseUrl, id, count);
    // Publishes the keyword change for the account, so every cache reloads with the inserted rules.
    await admin(baseUrl, 'PUT', '/auto-replies/default', { replies: [{ type: 'text', content: DEFAULT_REPLY }] }, id);
  }
}

/** Reads a Prometheus counter (summed over labels) from /metrics. */
export async function counter(baseUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  let sum = 0;
  for (const line of text.split('\n')) if (line.startsWith(`${name}{`) || line.startsWith(`${name} `)) sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  return sum;
}

export async function flushRedis(url: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    await redis.flushdb();
  } finally {
    redis.disconnect();
  }
}
