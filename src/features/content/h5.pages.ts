import { materialsText, timeLimitText } from './content.replies.js';
import type { Guide, News, SearchHit } from './content.types.js';
import { html, layout, paragraphs, safeUrl, type Html } from './h5.html.js';

/** Server-rendered H5 pages, built only with the escaping `html` template. */

export interface PageLinks {
  home: string;
  /** The account of a non-default page, carried by the search form. */
  account?: string;
  guide(id: number): string;
  news(id: number): string;
  category(name: string): string;
  search(q: string): string;
}

const date = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString('zh-CN', { timeZone: 'Asia/Shanghai' }) : '');

function copiesText(originals: number | undefined, copies: number | undefined): string {
  const parts = [originals ? `原件${originals}份` : '', copies ? `复印件${copies}份` : ''].filter(Boolean);
  return parts.length ? parts.join('，') : '—';
}

const section = (title: string, body: Html | false | undefined) => body && html`<section><h2>${title}</h2>${body}</section>`;
const list = (items: string[] | undefined, ordered = false) =>
  items?.length ? (ordered ? html`<ol>${items.map((i) => html`<li>${i}</li>`)}</ol>` : html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`) : false;

export function guidePage(guide: Guide, links: PageLinks): string {
  const info: Array<[string, string | undefined]> = [
    ['事项类型', guide.itemType],
    ['实施主体', guide.department],
    ['受理单位', guide.acceptingUnit],
    ['办理时限', timeLimitText(guide.timeLimit)],
    ['时限说明', guide.timeLimit?.note],
    ['申请材料', materialsText(guide)],
    ['收费标准', guide.fee],
    ['咨询电话', guide.phone],
    ['监督投诉', guide.complaintPhone],
    ['事项编码', guide.code],
  ];
  const materials = guide.materials?.length
    ? html`<table><tr><th>材料名称</th><th>要求</th><th>份数</th></tr>${guide.materials.map(
        (m) => html`<tr><td>${m.name}${m.note ? html`<div class="meta">${m.note}</div>` : ''}</td><td>${m.required === false ? '非必要' : '必要'}</td><td>${copiesText(m.originals, m.copies)}</td></tr>`,
      )}</table>`
    : false;
  const locations = guide.locations?.length
    ? html`${guide.locations.map((l) => html`<p><strong>${l.name}</strong>${l.window ? `（${l.window}）` : ''}<br>${l.address}${l.hours ? html`<br><span class="meta">${l.hours}</span>` : ''}</p>`)}`
    : false;
  const forms = guide.forms?.length ? html`<ul>${guide.forms.map((f) => html`<li><a href="${safeUrl(f.url)}">${f.name}</a></li>`)}</ul>` : false;
  const online = guide.online?.available
    ? html`<p>支持网上办理${guide.online.url ? html`：<a href="${safeUrl(guide.online.url)}">前往办理</a>` : ''}</p>`
    : false;
  const faqs = guide.faqs?.length ? html`${guide.faqs.map((f) => html`<p><strong>问：${f.q}</strong><br>答：${f.a}</p>`)}` : false;
  const body = html`<section><h1>${guide.name}</h1>${guide.summary ? html`<p>${guide.summary}</p>` : ''}
<dl>${info.filter(([, v]) => v).map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl></section>
${section('受理条件', list(guide.conditions))}${section('申请材料', materials)}${section('办理流程', list(guide.process, true))}
${section('办理地点', locations)}${section('网上办理', online)}${section('表格下载', forms)}${section('设定依据', list(guide.basis))}${section('常见问题', faqs)}`;
  return layout(guide.name, body, links.home);
}

export function newsPage(news: News, links: PageLinks): string {
  const body = html`<section><span class="tag">${news.category}</span><h1>${news.title}</h1>
<p class="meta">${date(news.publishedAt)}</p>
${news.coverUrl ? html`<p><img class="cover" src="${safeUrl(news.coverUrl)}" alt=""></p>` : ''}
${paragraphs(news.body)}
${news.url ? html`<p><a href="${safeUrl(news.url)}">阅读原文</a></p>` : ''}</section>
<section><a href="${links.category(news.category)}">更多“${news.category}” ›</a></section>`;
  return layout(news.title, body, links.home);
}

export function categoryPage(category: string, items: News[], page: number, pages: number, links: PageLinks & { page(n: number): string }): string {
  const body = html`<section><h1>${category}</h1><div class="list">${
    items.length
      ? items.map((n) => html`<a href="${links.news(n.id)}">${n.pinned ? html`<span class="tag">置顶</span>` : ''}${n.title}<div class="meta">${date(n.publishedAt)}</div></a>`)
      : html`<p>该栏目暂无信息。</p>`
  }</div>
${pages > 1 ? html`<p class="meta">${page > 1 ? html`<a href="${links.page(page - 1)}">‹ 上一页</a> ` : ''}第${page}/${pages}页${page < pages ? html` <a href="${links.page(page + 1)}">下一页 ›</a>` : ''}</p>` : ''}</section>`;
  return layout(category, body, links.home);
}

const HIT_LABEL: Record<SearchHit['kind'], string> = { guide: '办事指南', news: '资讯', place: '便民', answer: '公开答复' };

export function searchPage(q: string, hits: SearchHit[] | null, links: PageLinks): string {
  // Published answers (公开答复) are news hits with negative ids (search.fields.ts).
  const answer = (id: number) => `/h5/answers/${id}${links.account ? `?a=${links.account}` : ''}`;
  const link = (hit: SearchHit) => (hit.kind === 'guide' ? links.guide(hit.id) : hit.kind === 'news' ? links.news(hit.id) : hit.kind === 'answer' ? answer(hit.id) : undefined);
  const results =
    hits === null
      ? ''
      : hits.length === 0
        ? html`<section><p>暂未找到与“${q}”相关的内容。请换个说法再试，或拨打12345政务服务便民热线咨询。</p></section>`
        : html`<section class="list">${hits.map((hit) => {
            const inner = html`<span class="tag">${HIT_LABEL[hit.kind]}</span>${hit.title}${hit.subtitle ? html`<div class="meta">${hit.subtitle}</div>` : ''}`;
            const href = link(hit);
            return href ? html`<a href="${href}">${inner}</a>` : html`<a>${inner}</a>`;
          })}</section>`;
  const body = html`<section><form method="get" action="/h5/search">${
    links.account ? html`<input type="hidden" name="a" value="${links.account}">` : ''
  }<input type="search" name="q" value="${q}" placeholder="输入事项名称，如：社保卡" maxlength="100"><button type="submit">搜索</button></form></section>${results}`;
  return layout(q ? `搜索：${q}` : '搜索', body, links.home);
}

export function notFoundPage(home: string): string {
  return layout('页面不存在', html`<section><h1>页面不存在或已下线</h1><p>您访问的内容不存在、尚未发布或已下线。</p><p><a href="${home}">返回搜索</a></p></section>`, home);
}
