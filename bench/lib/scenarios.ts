import { benchCrypto, clickXml, msgIdOf, nextSeq, Signer, textXml, type WebhookRequest } from './messages.js';

/**
 * The benchmark scenarios (issue 6). Each builds the requests of one connection in
 * advance, with MsgIds unique across the run, so every request is a first delivery
 * unless the scenario says otherwise; `verify` checks each answer during the run.
 */

export const KEYWORD = '办事指南';
/** Every bench keyword reply starts with this marker, so answers can be checked cheaply. */
export const REPLY_MARKER = 'R-OK';
export const SEARCH_QUERIES = ['社保卡补办需要什么材料', '公积金怎么提取', '不动产登记', '居住证怎么办理', '出生医学证明', '个体户营业执照', '医保报销', '档案查询'];

/** Accounts served at /wechat/<id> with a given number of keyword rules (scenario 6). */
export const RULE_ACCOUNTS = { small: { id: 'rules10', count: 10 }, large: { id: 'rules10k', count: 10_000 } } as const;

/** Keyword of rule r in a rule set: even rules match exactly, odd ones by "contains". */
export function ruleKeyword(r: number): { text: string; match: 'exact' | 'contains' } {
  const code = String(r).padStart(5, '0');
  return r % 2 === 0 ? { text: `事项${code}`, match: 'exact' } : { text: `服务${code}`, match: 'contains' };
}

/** A citizen message that hits rule r. */
function messageFor(r: number): string {
  const { text, match } = ruleKeyword(r);
  return match === 'exact' ? text : `请问${text}的办理流程`;
}

export type ScenarioId = 'plaintext' | 'click' | 'safe' | 'search' | 'retry-mix' | 'rules-10' | 'rules-10000';

export interface Scenario {
  id: ScenarioId;
  title: string;
  /** 'own': a baseline run with the same requests precedes it; 'plaintext': compared with that scenario's baseline. */
  baseline: 'own' | 'plaintext';
  build(count: number): WebhookRequest[];
  verify(body: string): boolean;
}

const signer = new Signer();
const crypto = benchCrypto();
const CITIZENS = 10_000;
const isReply = (body: string) => body.includes(REPLY_MARKER);

function plainKeyword(count: number): WebhookRequest[] {
  return Array.from({ length: count }, () => {
    const n = nextSeq();
    return signer.plain('/wechat', textXml(KEYWORD, `oBenchCitizen${n % CITIZENS}`, msgIdOf(n)), n);
  });
}

function ruleSet(accountId: string, rules: number) {
  return (count: number) =>
    Array.from({ length: count }, () => {
      const n = nextSeq();
      return signer.plain(`/wechat/${accountId}`, textXml(messageFor((n * 7919) % rules), `oRules${n % CITIZENS}`, msgIdOf(n)), n);
    });
}

export const SCENARIOS: Scenario[] = [
  { id: 'plaintext', title: '1. plaintext text → keyword rule', baseline: 'own', build: plainKeyword, verify: isReply },
  {
    id: 'click',
    title: `2. menu CLICK (keyword:${KEYWORD})`,
    baseline: 'own',
    build: (count) =>
      Array.from({ length: count }, () => {
        const n = nextSeq();
        // One click per citizen: FromUserName+CreateTime keys the event, so no two collide.
        return signer.plain('/wechat', clickXml(`keyword:${KEYWORD}`, `oBenchClick${n}`), n);
      }),
    verify: isReply,
  },
  {
    id: 'safe',
    title: '3. safe mode (AES) text → keyword rule',
    baseline: 'own',
    build: (count) =>
      Array.from({ length: count }, () => {
        const n = nextSeq();
        return signer.safe('/wechat', textXml(KEYWORD, `oBenchSafe${n % CITIZENS}`, msgIdOf(n)), n, crypto);
      }),
    verify: (body) => body.includes('<Encrypt>'),
  },
  {
    id: 'search',
    title: `4. search query (${SEARCH_QUERIES.length} questions in turn, no keyword rule)`,
    baseline: 'own',
    build: (count) =>
      Array.from({ length: count }, () => {
        const n = nextSeq();
        return signer.plain('/wechat', textXml(SEARCH_QUERIES[n % SEARCH_QUERIES.length]!, `oBenchSearch${n}`, msgIdOf(n)), n);
      }),
    verify: (body) => body === 'success' || body.startsWith('<xml>'),
  },
  {
    id: 'retry-mix',
    title: '5. mix with 10% retried deliveries',
    baseline: 'own',
    build: (count) => {
      const requests = plainKeyword(count);
      // Every tenth request re-delivers one sent five requests earlier on the same connection.
      for (let i = 9; i < count; i += 10) requests[i] = requests[i - 5]!;
      return requests;
    },
    verify: isReply,
  },
  { id: 'rules-10', title: '6a. keyword matching, 10 rules', baseline: 'plaintext', build: ruleSet(RULE_ACCOUNTS.small.id, RULE_ACCOUNTS.small.count), verify: isReply },
  { id: 'rules-10000', title: '6b. keyword matching, 10,000 rules', baseline: 'plaintext', build: ruleSet(RULE_ACCOUNTS.large.id, RULE_ACCOUNTS.large.count), verify: isReply },
];
