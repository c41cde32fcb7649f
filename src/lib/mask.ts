/** Masking of personal data for logs and admin lists (personal information protection). */

/** oAbc…xyz → oAb***xyz: enough to correlate log lines, not enough to identify. */
export function maskOpenId(openId: string): string {
  if (openId.length <= 6) return '***';
  return `${openId.slice(0, 3)}***${openId.slice(-3)}`;
}

/** 13812345678 → 138****5678 */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 7)}${phone.slice(-4)}`;
}

/** 张三丰 → 张** */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(chars.length - 1, 1));
}

/** 18-digit ID → first 2 and last 2 kept: 44**************1X */
export function maskIdNumber(id: string): string {
  if (id.length <= 4) return '*'.repeat(id.length);
  return `${id.slice(0, 2)}${'*'.repeat(id.length - 4)}${id.slice(-2)}`;
}

/**
 * Mainland mobile numbers (optionally +86, spaces or dashes inside) and 18-digit ID numbers
 * (last character may be X), as citizens type them in free text, full-width digits included.
 * Digits or letters right before or after mean a longer number: left alone.
 */
const D = '[0-9０-９]';
const PII_IN_TEXT = new RegExp(
  `(?<![0-9０-９A-Za-z])(?:((?:[+＋]?(?:86|８６)[-\\s]?)?[1１][3-9３-９]${D}(?:[-\\s]?${D}{4}){2})|(${D}{17}[0-9０-９XxＸｘ]))(?![0-9０-９A-Za-z])`,
  'gu',
);

/** 请联系13812345678 → 请联系138****5678; an ID number → 44**************1X. */
export function maskPiiInText(text: string): string {
  return text.replace(PII_IN_TEXT, (_match, phone: string | undefined, id: string | undefined) => {
    if (id) return maskIdNumber(id);
    const digits = [...phone!].filter((c) => /[0-9０-９]/u.test(c));
    const national = digits.slice(-11);
    return maskPhone(national.join(''));
  });
}
