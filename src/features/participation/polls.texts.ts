import type { Poll, PollResults } from './polls.repository.js';

/** What citizens read about polls: short, with digits to reply. */

const stamp = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

export function pollIntro(poll: Poll, h5Url: string): string {
  return [
    `【${poll.title}】`,
    poll.question,
    ...poll.options.map((o, i) => `${i + 1}. ${o}`),
    '',
    poll.multiple ? '可多选，请回复选项数字，如“1 3”。' : '请回复一个选项数字投票。',
    ...(poll.endsAt ? [`截止时间：${stamp(poll.endsAt)}`] : []),
    `网页版：${h5Url}`,
    '回复“退出”不投票。',
  ].join('\n');
}

export function resultsLines(results: PollResults): string[] {
  return results.options.map((o, i) => {
    const share = results.voters ? Math.round((o.count / results.voters) * 100) : 0;
    return `${i + 1}. ${o.text}：${o.count}票（${share}%）`;
  });
}

export const pollTexts = {
  notFound: '该投票不存在或已下线。',
  notStarted: (poll: Poll) => `投票“${poll.title}”尚未开始${poll.startsAt ? `，开始时间：${stamp(poll.startsAt)}` : ''}。`,
  ended: (poll: Poll) => `投票“${poll.title}”已结束，感谢关注。`,
  invalid: (poll: Poll) =>
    poll.multiple ? `请回复1-${poll.options.length}之间的数字，多选用空格隔开，如“1 3”；回复“退出”不投票。` : `请回复1-${poll.options.length}之间的一个数字；回复“退出”不投票。`,
  left: '已退出投票。',
  thanks: (poll: Poll, results: PollResults | null) =>
    ['投票成功，感谢您的参与！', ...(results ? ['当前结果：', ...resultsLines(results), `共${results.voters}人参与`] : [])].join('\n'),
  already: (poll: Poll, results: PollResults | null) =>
    [`您已参与过投票“${poll.title}”，每人限投一次。`, ...(results ? ['当前结果：', ...resultsLines(results)] : [])].join('\n'),
};
