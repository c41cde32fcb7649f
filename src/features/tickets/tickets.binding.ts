import type { KeyValueStore } from '../../infra/kv/port.js';
import type { PiiCipher } from '../../lib/pii.js';
import { PRIORITY, type MessageContext, type Rule, type RuleProvider } from '../../router/types.js';
import type { SupervisionRepository } from './ticket-supervision.repository.js';
import { bindKey } from './tickets.supervision.admin.js';
import { reviewedPattern } from '../../router/keyword-regex.js';

const say = (content: string) => ({ type: 'text' as const, content });

/**
 * “绑定 <code>”: an operator links their WeChat to their operator account, to receive 督办
 * notices. The keyword is matched by the index; the store is asked only when it matches.
 */
export function bindingRules(repo: SupervisionRepository, kv: KeyValueStore, pii: PiiCipher): RuleProvider {
  const rule: Rule = {
    name: 'tickets:operator-binding',
    priority: PRIORITY.featureKeyword + 10,
    match: { kinds: ['text'], keywords: [{ text: reviewedPattern('^绑定\\s*\\d{6}$'), match: 'regex' }] },
    handle: async (ctx: MessageContext) => {
      const code = /(\d{6})/.exec(ctx.text ?? '')?.[1] ?? '';
      const key = bindKey(ctx.account.id, code);
      const operatorId = Number(await kv.get(key));
      if (!operatorId) return say('绑定码无效或已过期，请在管理后台重新获取。');
      await kv.del(key);
      await repo.bind(ctx.account.id, operatorId, pii.encrypt(ctx.message.openId), pii.hash('operator-wechat', `${ctx.account.id}:${ctx.message.openId}`));
      return say('绑定成功。工单即将到期、超期时，督办提醒将通过本公众号发送给您。');
    },
  };
  return { name: 'tickets-binding', rules: () => [rule] };
}
