/** WeChat text replies may hold `<a href="…">label</a>` links and bare URLs; shown as links, never as HTML. */
export type Segment = { text: string; href?: string };

const TOKEN = /<a\s+href=["']([^"']+)["'][^>]*>([\s\S]*?)<\/a>|(https?:\/\/[^\s<>"'，。；）]+)/gi;

export function segments(content: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const match of content.matchAll(TOKEN)) {
    if (match.index > last) out.push({ text: content.slice(last, match.index) });
    if (match[1]) out.push({ text: match[2] ?? match[1], href: match[1] });
    else out.push({ text: match[3]!, href: match[3] });
    last = match.index + match[0].length;
  }
  if (last < content.length) out.push({ text: content.slice(last) });
  return out;
}
