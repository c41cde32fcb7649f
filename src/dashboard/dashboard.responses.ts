import { arrOf, bool, int, intOrNull, itemsOf, num, obj, str } from '../lib/responses.js';

const unmatchedItem = obj({ query: str, count: int, lastAt: str, resolved: bool }, '未匹配的问题；resolved：此后同样的话已有答复');

/** GET /dashboard */
export const dashboardResponse = {
  200: obj(
    {
      today: obj({ messages: int, byRule: int, bySearch: int, byNothing: int, unmatched: int }, '今日消息：按规则、搜索、未答复'),
      tickets: obj({ open: int, overdue: int }, '未办结与已超期工单'),
      bookingsToday: int,
      topKeywords: arrOf(obj({ ruleId: intOrNull, name: str, rule: str, count: int })),
      topUnmatched: arrOf(unmatchedItem),
    },
    '工作台',
  ),
};

export const statsResponses = {
  messages: { 200: obj({ days: arrOf(obj({ date: str, total: int, byRule: int, bySearch: int, byNothing: int })) }, '每日消息数') },
  bookings: {
    200: itemsOf(
      obj({ service: str, total: int, checkedIn: int, noShow: int, cancelled: int, booked: int }),
      { total: int, checkedIn: int, noShow: int, cancelled: int, noShowRate: { ...num, type: ['number', 'null'], description: '爽约 /（签到 + 爽约），无可计时为 null' } },
      '按事项统计的预约',
    ),
  },
  rules: { 200: itemsOf(obj({ rule: str, name: { type: ['string', 'null'] }, count: int }), {}, '按答复规则统计的消息数') },
  unmatched: { 200: itemsOf(unmatchedItem) },
};
