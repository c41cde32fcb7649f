/** Text from a public URL, cut to length, with anything unstorable or invisible removed. */
export function cleanText(value: unknown, max: number): string {
  if (typeof value !== 'string') return '';
  return value
    // eslint-disable-next-line no-control-regex -- control characters are what is removed
    .replace(/[\u0000-\u001f\u007f]|[\uD800-\uDFFF]/gu, '')
    .trim()
    .slice(0, max);
}
