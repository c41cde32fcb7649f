import { PRIORITY, type MessageContext, type Rule } from '../../router/types.js';
import type { ContentAnswers } from './content.answers.js';

/** The argument of an action URI tapped as a menu key: `news:政策速递` → `政策速递`. */
export function actionArgument(ctx: MessageContext, prefix: string): string {
  const m = ctx.message;
  const key = m.kind === 'event' && 'key' in m && typeof m.key === 'string' ? m.key : '';
  return key.startsWith(prefix) ? key.slice(prefix.length).trim() : '';
}

/** `news:<category>` and `guide:<code>` (the action-URI contract; `search:` and `places:` live with their flows). */
export function contentActionRules(answers: ContentAnswers): Rule[] {
  return [
    {
      name: 'content:news-action',
      priority: PRIORITY.menuKey,
      match: { events: ['click'], eventKey: { prefix: 'news:' } },
      handle: (ctx) => answers.latestNews(ctx.account.id, actionArgument(ctx, 'news:')),
    },
    {
      name: 'content:guide-action',
      priority: PRIORITY.menuKey,
      match: { events: ['click'], eventKey: { prefix: 'guide:' } },
      handle: (ctx) => answers.guideByCode(ctx.account.id, actionArgument(ctx, 'guide:')),
    },
  ];
}
