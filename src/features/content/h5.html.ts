/**
 * The one escaping helper of the H5 pages. `html` is a tagged template: every
 * interpolated value is escaped unless it is already Html (built by `html`), so
 * forgetting to escape is not possible. Attribute values must be quoted in the
 * template; the escape covers both quote characters.
 */

export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ENTITIES[c]!);
}

type Value = Html | string | number | boolean | null | undefined | Value[];

function render(value: Value): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new Html(out);
}

/** Links only to http(s) or to this site: a stored `javascript:` URL becomes inert. */
export function safeUrl(url: string | null | undefined): string {
  if (!url) return '#';
  if (/^https?:\/\//i.test(url) || (url.startsWith('/') && !url.startsWith('//'))) return url;
  return '#';
}

/** Line breaks in stored text become paragraphs; the text itself stays escaped. */
export function paragraphs(text: string): Html {
  return html`${text
    .split(/\r?\n+/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => html`<p>${p}</p>`)}`;
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:16px/1.7 -apple-system,"PingFang SC","Microsoft YaHei",sans-serif;color:#222;background:#f5f6f7;-webkit-text-size-adjust:100%}
header{background:#c8161d;color:#fff;padding:14px 16px}header a{color:#fff;text-decoration:none;font-weight:600}
main{max-width:720px;margin:0 auto;padding:12px}
section{background:#fff;border-radius:8px;padding:12px 16px;margin:0 0 12px}
h1{font-size:21px;line-height:1.4;margin:4px 0 8px}h2{font-size:17px;margin:0 0 8px;color:#c8161d}
p{margin:0 0 10px;word-break:break-word}a{color:#1a5fb4}ul,ol{margin:0;padding-left:22px}li{margin:4px 0}
dl{margin:0;display:grid;grid-template-columns:6.5em 1fr;gap:6px 8px}dt{color:#666}dd{margin:0;word-break:break-word}
table{width:100%;border-collapse:collapse;font-size:15px}th,td{border-bottom:1px solid #eee;padding:6px 4px;text-align:left;vertical-align:top}
.meta{color:#888;font-size:14px}.tag{display:inline-block;background:#fdecec;color:#c8161d;border-radius:4px;padding:0 6px;font-size:13px;margin-right:6px}
.cover{width:100%;border-radius:6px}.list a{display:block;padding:10px 0;border-bottom:1px solid #eee;text-decoration:none;color:#222}
form{display:flex;gap:8px}input[type=search]{flex:1;font-size:16px;padding:8px;border:1px solid #ccc;border-radius:6px}
button{font-size:16px;padding:8px 14px;border:0;border-radius:6px;background:#c8161d;color:#fff}
footer{text-align:center;color:#999;font-size:13px;padding:16px}`;

export function layout(title: string, body: Html, home: string): string {
  return `<!doctype html>${html`<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1,viewport-fit=cover">
<title>${title}</title><style>${new Html(STYLE)}</style></head>
<body><header><a href="${home}">政务服务</a></header><main>${body}</main>
<footer>政务服务便民热线 12345</footer></body></html>`}`;
}
