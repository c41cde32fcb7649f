import { actionKey, parseAction, withText } from '../../router/action-uri.js';
import { isMenuWord, isEscapeWord, LEFT_FLOW } from '../../router/escape.js';
import { PRIORITY, type HandlerResult, type MessageContext, type Rule } from '../../router/types.js';
import type { Reply } from '../../wechat/types.js';

const say = (content: string): Reply => ({ type: 'text', content });

/** The first line of an emergency answer, by number: what to call comes before anything else. */
const EMERGENCY_LINES: Record<string, string> = {
  '119': '【紧急】火灾、被困、落水等险情，请立即拨打119！',
  '120': '【紧急】有人受伤、晕倒或突发疾病，请立即拨打120急救电话！',
  '110': '【紧急】遇到违法犯罪或人身安全受到威胁，请立即拨打110报警！',
  '122': '【紧急】发生交通事故，请立即拨打122（有人受伤同时拨打120）！',
};

/** What each category offers in a numbered choice. */
const CHOICE_LABELS: Record<string, string> = {
  求助: '我要求助（请有关部门帮忙解决）',
  投诉: '我要投诉（反映问题，要求处理）',
  咨询: '我要咨询（问问该怎么办）',
  建议: '我要提建议',
  举报: '我要举报',
};

export const CHOICE_STEP = 'intent.choice';
/** A numbered choice waits ten minutes, like other short conversations. */
const CHOICE_TTL_SECONDS = 600;

/** The first reply's text, prefixed with a line; other replies follow unchanged. */
function prefixed(line: string, result: HandlerResult): HandlerResult {
  const list = result === null ? [] : Array.isArray(result) ? result : [result];
  const [first, ...rest] = list;
  if (first?.type === 'text') return [say(`${line}\n\n${first.content}`), ...rest];
  return [say(line), ...list];
}

/** `emergency:<number>?text=…`: the number first, then the 应急 flow with the citizen's words. */
async function emergency(ctx: MessageContext): Promise<HandlerResult> {
  const { argument, text } = parseAction(actionKey(ctx), 'emergency:');
  const line = EMERGENCY_LINES[argument] ?? (/^\d{3,5}$/.test(argument) ? `【紧急】请立即拨打${argument}！` : '【紧急】请立即拨打110、119或120！');
  return prefixed(line, await ctx.perform(withText('ticket:应急', text)));
}

/** `ticket-choice:求助,投诉?text=…`: a numbered choice between categories, each keeping the words. */
async function ticketChoice(ctx: MessageContext): Promise<HandlerResult> {
  const { argument, text } = parseAction(actionKey(ctx), 'ticket-choice:');
  const categories = argument.split(/[,，]/u).filter((c) => CHOICE_LABELS[c]);
  if (categories.length === 0) return ctx.perform('ticket:');
  const options = categories.map((c) => withText(`ticket:${c}`, text));
  await ctx.conversation.start(CHOICE_STEP, { options }, CHOICE_TTL_SECONDS);
  const lines = categories.map((c, i) => `${i + 1}. ${CHOICE_LABELS[c]}`);
  const about = text ? `您反映的“${text.length > 30 ? `${text.slice(0, 30)}…` : text}”，可以这样办理：` : '请选择办理方式：';
  return say([about, ...lines, '回复数字选择，回复“退出”离开。', '如有人身危险，请立即拨打110、119或120。'].join('\n'));
}

async function choose(ctx: MessageContext): Promise<HandlerResult> {
  const options = (ctx.conversation.current?.data.options ?? []) as string[];
  const n = Number(ctx.text);
  const option = options[n - 1];
  if (!option) return say(`请回复1到${options.length}之间的数字，或回复“退出”离开。`);
  await ctx.conversation.end();
  return ctx.perform(option);
}

/** 菜单 / 退出 / 取消 inside a flow that let them through: the flow ends, nothing is taken as an answer. */
async function escape(ctx: MessageContext): Promise<HandlerResult> {
  await ctx.conversation.end();
  if (!isMenuWord(ctx.text)) return say(LEFT_FLOW);
  return (await ctx.perform('menu:main')) ?? say(LEFT_FLOW);
}

export function intentActionRules(): Rule[] {
  return [
    {
      name: 'intents:reply',
      priority: PRIORITY.menuKey,
      match: { events: ['click'], eventKey: { prefix: 'reply:' } },
      // The whole rest is the text: a reply may hold “?”.
      handle: (ctx) => say(actionKey(ctx).slice('reply:'.length).trim() || '您好！回复“菜单”查看服务目录。'),
    },
    {
      name: 'intents:emergency',
      priority: PRIORITY.menuKey,
      match: { events: ['click'], eventKey: { prefix: 'emergency:' } },
      handle: emergency,
    },
    {
      name: 'intents:ticket-choice',
      priority: PRIORITY.menuKey,
      match: { events: ['click'], eventKey: { prefix: 'ticket-choice:' } },
      handle: ticketChoice,
    },
    {
      name: 'intents:choice',
      priority: PRIORITY.conversationStep,
      match: { kinds: ['text', 'voice'], step: CHOICE_STEP, when: (ctx) => /^[1-9]$/.test(ctx.text ?? '') },
      handle: choose,
    },
    {
      name: 'escape',
      priority: PRIORITY.escape,
      match: { kinds: ['text', 'voice'], when: (ctx) => ctx.conversation.current !== null && isEscapeWord(ctx.text) },
      handle: escape,
    },
  ];
}
