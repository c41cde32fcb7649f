/**
 * Escaping for the participation pages: every interpolated value is escaped unless it
 * was built by `html` itself. Attribute values must be quoted in the template.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };
type Value = Html | string | number | boolean | null | undefined | Value[];
const render = (v: Value): string =>
  v === null || v === undefined || v === false ? '' : v instanceof Html ? v.value : Array.isArray(v) ? v.map(render).join('') : String(v).replace(/[&<>"'`]/g, (c) => ENTITIES[c]!);

export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new Html(out);
}

export const paragraphs = (text: string): Html => html`${text.split(/\r?\n+/).map((p) => p.trim()).filter(Boolean).map((p) => html`<p>${p}</p>`)}`;

const STYLE = `*{box-sizing:border-box}body{margin:0;font:16px/1.7 -apple-system,"PingFang SC","Microsoft YaHei",sans-serif;color:#222;background:#f5f6f7}
header{background:#c8161d;color:#fff;padding:14px 16px;font-weight:600}main{max-width:720px;margin:0 auto;padding:12px}
section{background:#fff;border-radius:8px;padding:12px 16px;margin:0 0 12px}h1{font-size:21px;margin:4px 0 8px}h2{font-size:17px;margin:0 0 8px;color:#c8161d}
p{margin:0 0 10px;word-break:break-word}a{color:#1a5fb4}.meta{color:#888;font-size:14px}
.tag{display:inline-block;background:#fdecec;color:#c8161d;border-radius:4px;padding:0 6px;font-size:13px;margin-right:6px}
.list a{display:block;padding:10px 0;border-bottom:1px solid #eee;text-decoration:none;color:#222}
form{display:flex;flex-wrap:wrap;gap:8px}input[type=search]{flex:1;font-size:16px;padding:8px;border:1px solid #ccc;border-radius:6px}
label.opt{display:block;width:100%;padding:8px 0;border-bottom:1px solid #eee}button{font-size:16px;padding:8px 14px;border:0;border-radius:6px;background:#c8161d;color:#fff}
.bar{background:#fdecec;height:8px;border-radius:4px}.bar i{display:block;background:#c8161d;height:8px;border-radius:4px}
ol.timeline{padding-left:20px}img.thumb{width:96px;height:96px;object-fit:cover;border-radius:6px;margin:0 6px 6px 0}
footer{text-align:center;color:#999;font-size:13px;padding:16px}`;

export function layout(title: string, body: Html): string {
  return `<!doctype html>${html`<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>${title}</title><style>${new Html(STYLE)}</style></head>
<body><header>政务服务</header><main>${body}</main><footer>政务服务便民热线 12345</footer></body></html>`}`;
}

/** Pages carry no script; the policy makes sure none can run. Forms post back to this site only. */
export const PAGE_HEADERS = {
  'content-security-policy': "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};
