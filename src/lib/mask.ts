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
