import { TEXT_REPLY_MAX_BYTES, utf8Length } from '../../wechat/text.js';
import type { Reply } from '../../wechat/types.js';
import type { Guide, GuideTimeLimit, NearbyPlace, News, Place, SearchHit } from './content.types.js';
import { kindLabel } from './places.kinds.js';

/** Citizen-facing wording: short, one message, readable on a phone. */

const cut = (text: string, max: number) => {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('');
};

export const HOTLINE_HINT = '回复“菜单”查看服务目录，或拨打12345政务服务便民热线。';

export function timeLimitText(t: GuideTimeLimit | undefined): string {
  if (!t) return '详见完整指南';
  const unit = t.unit ?? '工作日';
  const parts: string[] = [];
  if (t.promised === 0) parts.push('即办件（材料齐全当场办结）');
  else if (typeof t.promised === 'number') parts.push(`承诺${t.promised}个${unit}`);
  if (typeof t.statutory === 'number') parts.push(`法定${t.statutory}个${t.statutoryUnit ?? unit}`);
  if (parts.length === 0) return t.note ? cut(t.note, 60) : '详见完整指南';
  return parts.join('，');
}

export function materialsText(guide: Guide): string {
  const materials = guide.materials ?? [];
  if (materials.length === 0) return '详见完整指南';
  const required = materials.filter((m) => m.required !== false).length;
  return required === materials.length ? `共${materials.length}项` : `共${materials.length}项（其中必交${required}项）`;
}

/** The materials one per line (optional ones marked), as a citizen would tick them off. */
export function materialLines(guide: Guide): string[] {
  const materials = guide.materials ?? [];
  if (materials.length === 0) return [];
  const required = materials.filter((m) => m.required !== false).length;
  return [
    `申请材料（共${materials.length}项${required === materials.length ? '' : `，其中必交${required}项`}）：`,
    ...materials.map((m, i) => {
      const copies = [m.originals ? `原件${m.originals}份` : '', m.copies ? `复印件${m.copies}份` : ''].filter(Boolean).join('、');
      return `${i + 1}. ${cut(m.name, 40)}${m.required === false ? '（非必交）' : ''}${copies ? `，${copies}` : ''}`;
    }),
  ];
}

export const APPOINTMENT_OFFER = '可预约办理：回复“预约”即可在线预约。';

/**
 * A guide as one text message under WeChat's 2048-byte limit: every field is cut to
 * length, and the materials are listed one by one whenever the list fits, else counted.
 */
export function guideReply(guide: Guide, pageUrl: string, footer?: string): Reply {
  const head = [`【${cut(guide.name, 60)}】`, `受理单位：${cut(guide.acceptingUnit || guide.department, 60)}`, `办理时限：${timeLimitText(guide.timeLimit)}`];
  const tail = [`收费标准：${guide.fee ? cut(guide.fee, 60) : '详见完整指南'}`];
  if (guide.phone) tail.push(`咨询电话：${cut(guide.phone, 40)}`);
  if (guide.online?.available) tail.push('网上办理：支持（详见完整指南）');
  if (guide.appointment) tail.push(APPOINTMENT_OFFER);
  tail.push(`完整指南（流程、材料清单、表格下载）：\n${pageUrl}`);
  if (footer) tail.push('', cut(footer, 60));
  const listed = [...head, ...materialLines(guide), ...tail].join('\n');
  if (guide.materials?.length && utf8Length(listed) <= TEXT_REPLY_MAX_BYTES) return { type: 'text', content: listed };
  return { type: 'text', content: [...head, `申请材料：${materialsText(guide)}`, ...tail].join('\n') };
}

/** A news item as the single article a passive reply may carry. */
export function newsReply(news: News, pageUrl: string): Reply {
  return {
    type: 'news',
    article: {
      title: cut(news.title, 64),
      description: cut(news.summary || news.body, 120),
      url: pageUrl,
      ...(news.coverUrl ? { picUrl: news.coverUrl } : {}),
    },
  };
}

export function placeText(place: Place, footer?: string): Reply {
  const lines = [`【${cut(place.name, 40)}】（${kindLabel(place.kind)}）`];
  if (place.address) lines.push(`地址：${cut(place.address, 80)}`);
  if (place.phone) lines.push(`电话：${cut(place.phone, 40)}`);
  if (place.hours) lines.push(`开放时间：${cut(place.hours, 100)}`);
  if (place.note) lines.push(`说明：${cut(place.note, 120)}`);
  if (footer) lines.push('', cut(footer, 60));
  return { type: 'text', content: lines.join('\n') };
}

const KIND_TAG: Record<SearchHit['kind'], string> = { guide: '办事', news: '资讯', place: '便民', answer: '答复' };

export function resultsText(query: string, hits: SearchHit[], page: number, pageSize: number, moreUrl: string): Reply {
  const pages = Math.ceil(hits.length / pageSize);
  const start = (page - 1) * pageSize;
  const lines = [`为您找到“${cut(query, 20)}”相关结果${hits.length}条${pages > 1 ? `（第${page}/${pages}页）` : ''}：`];
  hits.slice(start, start + pageSize).forEach((hit, i) => lines.push(`${start + i + 1}.【${KIND_TAG[hit.kind]}】${cut(hit.title, 30)}`));
  lines.push('');
  lines.push(`回复序号查看详情${page < pages ? '，回复“下一页”查看更多' : ''}，${page > 1 ? '回复“0”返回上一页' : '回复“0”退出'}。`);
  lines.push(`网页版：${moreUrl}`);
  return { type: 'text', content: lines.join('\n') };
}

/** The digit that files the unanswered question as a 咨询. */
export const CONSULT_DIGIT = '1';

/**
 * Nothing found, and still a way forward: the closest names to send instead, the
 * question filed as a 咨询 with one digit, the menu and 12345.
 */
export function noResultText(query: string, suggestions: Pick<SearchHit, 'title'>[] = []): Reply {
  const lines = [`抱歉，暂未找到与“${cut(query, 20)}”相关的内容。`];
  if (suggestions.length > 0) {
    lines.push('您是不是要找（可直接发送名称）：');
    suggestions.forEach((s) => lines.push(`· ${cut(s.title, 30)}`));
  }
  lines.push(
    '您还可以：',
    `· 回复“${CONSULT_DIGIT}”将此问题提交咨询，工作人员会尽快答复；`,
    '· 换个说法或简短些再试，如“社保卡”“公积金”；',
    '· 回复“菜单”查看服务目录；',
    '· 拨打12345政务服务便民热线咨询。',
  );
  return { type: 'text', content: lines.join('\n') };
}

/** A message far longer than a question: not searched. */
export function tooLongText(chars: number): Reply {
  return {
    type: 'text',
    content: [
      `您发送的内容较长（约${chars}字），无法直接检索。`,
      '· 查询办事指南，请发送简短的事项名称，如“社保卡”“公积金提取”；',
      '· 反映问题或提出诉求，请先回复“我要投诉”或“我要咨询”，再按提示发送内容；',
      '· 也可拨打12345政务服务便民热线。',
    ].join('\n'),
  };
}

export function distanceText(metres: number): string {
  return metres < 1000 ? `${Math.max(1, Math.round(metres))}米` : `${(metres / 1000).toFixed(1)}公里`;
}

export function nearbyText(places: NearbyPlace[], kind: string | null): Reply {
  const what = kind ? kindLabel(kind) : '便民服务场所';
  const lines = [`离您最近的${what}：`];
  places.forEach((p, i) => {
    lines.push(`${i + 1}. ${cut(p.name, 30)}（${distanceText(p.distance)}）`);
    const detail = [p.address && cut(p.address, 40), p.phone && `电话${cut(p.phone, 30)}`].filter(Boolean).join('  ');
    if (detail) lines.push(`   ${detail}`);
  });
  lines.push('', kind ? '发送“附近”可查看全部类型。' : '发送“附近医院”“附近学校”等可按类型查找。');
  return { type: 'text', content: lines.join('\n') };
}

export const SEND_LOCATION = '请发送您的位置：点击输入框旁的“+”，选择“位置”并发送。';

export function placesListText(kind: string, places: Place[]): Reply {
  const lines = [`${kindLabel(kind)}：`];
  places.forEach((p, i) => {
    lines.push(`${i + 1}. ${cut(p.name, 30)}${p.phone ? `  ${cut(p.phone, 30)}` : ''}`);
    if (p.address) lines.push(`   ${cut(p.address, 40)}`);
  });
  return { type: 'text', content: lines.join('\n') };
}
