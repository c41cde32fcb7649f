const CST = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `YYYY-MM-DD HH:mm` in China Standard Time, whatever the browser's zone. */
export function formatTime(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '—';
  const parts = Object.fromEntries(CST.formatToParts(date).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/** `YYYY-MM-DD` of a date in China Standard Time. */
export function cstDate(value: Date = new Date()): string {
  return formatTime(value).slice(0, 10);
}

/** A CST calendar day's first instant as ISO (for `from`/`to` filters). */
export function cstDayStart(day: string): string {
  return new Date(`${day}T00:00:00+08:00`).toISOString();
}

/** OpenIds are masked as everywhere else, in case a list ever returns one whole. */
export function maskId(openId: string | null | undefined): string {
  if (!openId) return '—';
  if (openId.includes('*')) return openId;
  return openId.length <= 8 ? `${openId.slice(0, 2)}****` : `${openId.slice(0, 4)}****${openId.slice(-4)}`;
}
