/**
 * Words that leave whatever flow a citizen is in. Every flow either handles them
 * itself (to clean what it keeps besides the conversation) or lets them through to
 * the escape rule, which ends the conversation; none takes them as an answer.
 */
const MENU_WORDS = new Set(['菜单', '主菜单', '返回主菜单', '回到主菜单']);
const LEAVE_WORDS = new Set(['退出', '取消']);

export const isMenuWord = (text: string | undefined) => text !== undefined && MENU_WORDS.has(text);
export const isEscapeWord = (text: string | undefined) => text !== undefined && (MENU_WORDS.has(text) || LEAVE_WORDS.has(text));

/** What a citizen reads after leaving a flow with 退出 or 取消. */
export const LEFT_FLOW = '好的，已退出。需要时请回复“菜单”查看服务目录，或拨打12345政务服务便民热线。';
