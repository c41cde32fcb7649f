/**
 * What a citizen types or says, turned into choices and identity fields. Voice
 * recognition writes numbers in Chinese as often as in digits ("幺三八…", "第二个"),
 * so both are accepted everywhere.
 */

const DIGITS: Record<string, string> = { 零: '0', 〇: '0', 洞: '0', 一: '1', 幺: '1', 二: '2', 两: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9' };

/** Chinese digit characters → ASCII digits, one for one ("一三八" → "138"). */
export function asciiDigits(text: string): string {
  return [...text].map((c) => DIGITS[c] ?? c).join('');
}

/** "十二", "二十", "十" → 12, 20, 10; undefined when not such a number. */
function tensNumber(text: string): number | undefined {
  const m = /^([一二两三四五六七八九])?十([一二三四五六七八九])?$/u.exec(text);
  if (!m) return undefined;
  const tens = m[1] ? Number(DIGITS[m[1]]) : 1;
  const units = m[2] ? Number(DIGITS[m[2]]) : 0;
  return tens * 10 + units;
}

/**
 * A numbered choice: "2", "２", "二", "第2个", "选2", "2号", "十一". Returns the
 * number, or undefined when the text is not a number at all.
 */
export function parseNumber(text: string): number | undefined {
  const core = text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/^(我)?(要|选择?|选|第)+/u, '')
    .replace(/^第/u, '')
    .replace(/(个|号|项|条|位|种)$/u, '');
  if (/^\d{1,3}$/.test(core)) return Number(core);
  const tens = tensNumber(core);
  if (tens !== undefined) return tens;
  const digits = asciiDigits(core);
  if (/^\d{1,2}$/.test(digits)) return Number(digits);
  return undefined;
}

export type Choice = { ok: true; index: number } | { ok: false; reason: string };

/** The 1-based choice among `count` numbered lines, or why the input is not one. */
export function parseChoice(text: string, count: number): Choice {
  const n = parseNumber(text);
  if (n === undefined) return { ok: false, reason: count === 1 ? '请回复数字1。' : `请回复1到${count}之间的数字。` };
  if (n < 1 || n > count) return { ok: false, reason: `没有第${n}项，请回复1到${count}之间的数字。` };
  return { ok: true, index: n };
}

const BACK = new Set(['0', '零', '〇', '返回', '上一步', '返回上一步', '后退', '回到上一步']);
const EXIT = new Set(['退出', '退出预约', '结束', '结束预约', '不约了', 'q', 'quit', 'exit']);

export const isBack = (text: string) => BACK.has(text.replace(/\s+/g, ''));
export const isExit = (text: string) => EXIT.has(text.replace(/\s+/g, ''));

export type Checked = { ok: true; value: string } | { ok: false; reason: string };

/** A name as on the ID card: Chinese (with · for minority names) or Latin letters. */
export function checkName(raw: string): Checked {
  const value = raw.normalize('NFKC').replace(/[。.！!？?，,\s]+$/u, '').replace(/^\s+/u, '');
  const chinese = value.replace(/\s+/g, '');
  if (/^[\u3400-\u9fff]{1}[\u3400-\u9fff·•]{1,19}$/u.test(chinese) && !/[·•]$/u.test(chinese)) return { ok: true, value: chinese.replace(/•/g, '·') };
  if (/^[A-Za-z][A-Za-z .'-]{1,48}[A-Za-z]$/.test(value)) return { ok: true, value: value.replace(/\s+/g, ' ') };
  if (/\d/.test(value)) return { ok: false, reason: '姓名不能包含数字，请输入与证件一致的姓名。' };
  return { ok: false, reason: '请输入与证件一致的姓名（2至20个汉字，或英文姓名）。' };
}

/** A mainland mobile number: 11 digits starting 13–19; spaces, dashes and +86 are ignored. */
export function checkPhone(raw: string): Checked {
  let value = asciiDigits(raw.normalize('NFKC')).replace(/[\s\-()（）。.，,！!？?]/g, '');
  value = value.replace(/^(\+?86)(?=1\d{10}$)/, '');
  if (!/^\d+$/.test(value)) return { ok: false, reason: '手机号只能包含数字，请重新输入11位手机号。' };
  if (value.length !== 11) return { ok: false, reason: `手机号应为11位数字，您输入了${value.length}位，请重新输入。` };
  if (!/^1[3-9]\d{9}$/.test(value)) return { ok: false, reason: '这不是有效的大陆手机号（应以13至19开头），请重新输入。' };
  return { ok: true, value };
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** The GB 11643 check character of the first 17 digits. */
export function idCheckChar(first17: string): string {
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * WEIGHTS[i]!, 0);
  return CHECK_CHARS[sum % 11]!;
}

/** An 18-character 居民身份证号码 (GB 11643-1999): digits, a valid birth date and the check character. */
export function checkIdNumber(raw: string, today: Date = new Date()): Checked {
  const value = asciiDigits(raw.normalize('NFKC')).replace(/[\s\-。.，,！!？?]/g, '').replace(/[叉xX]$/u, 'X');
  if (!/^\d{17}[\dX]$/.test(value)) {
    return { ok: false, reason: /^\d{15}$/.test(value) ? '请输入18位身份证号（15位旧号请换领新证后使用）。' : '身份证号应为18位（最后一位可以是X），请重新输入。' };
  }
  const birth = value.slice(6, 14);
  const date = new Date(`${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}T00:00:00Z`);
  const valid = !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10).replace(/-/g, '') === birth;
  if (!valid || Number(birth.slice(0, 4)) < 1900 || date > today) return { ok: false, reason: '身份证号中的出生日期不正确，请核对后重新输入。' };
  if (idCheckChar(value.slice(0, 17)) !== value[17]) return { ok: false, reason: '身份证号校验位不正确，请核对后重新输入。' };
  return { ok: true, value };
}
