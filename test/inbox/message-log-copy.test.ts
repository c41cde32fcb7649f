import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyLine } from '../../src/inbox/copy-line.js';
import { adminHeaders, createTestApp, type TestApp } from '../helpers/app.js';
import { eventually } from '../helpers/reach.js';
import { postWechat, textXml } from '../helpers/wechat.js';

interface Item {
  text: string;
  reply: string | null;
  replies: Array<{ type: string; content?: string }>;
}

describe('message log rows written with COPY', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    const rules = [
      { name: '回显', keywords: [{ text: '转义', match: 'contains' }], replies: [{ type: 'text', content: '收到：\t制表\n换行\\反斜杠 \\N' }], replyMode: 'random' },
      { name: '两条', keywords: [{ text: '两条回复', match: 'exact' }], replies: [{ type: 'text', content: '第一条' }, { type: 'text', content: '第二条' }], replyMode: 'all' },
    ];
    for (const rule of rules) expect((await t.app.inject({ method: 'POST', url: '/admin/api/keyword-rules', headers: adminHeaders, payload: rule })).statusCode).toBe(201);
  });
  afterAll(async () => t.close());

  const find = (q: string) =>
    eventually(
      async () => (await t.app.inject({ method: 'GET', url: `/admin/api/messages?q=${encodeURIComponent(q)}`, headers: adminHeaders })).json().items as Item[],
      (items) => items.length > 0,
    );

  it('when a message and its reply hold tabs, newlines, backslashes and a literal \\N then the inbox shows them exactly as sent', async () => {
    const text = '转义\t测试\n第二行 C:\\temp \\N 结束';
    expect((await postWechat(t.app, textXml(text, { from: 'oCopyCitizen01' }))).statusCode).toBe(200);
    const [item] = await find('转义');
    expect(item!.text).toBe(text);
    expect(item!.reply).toBe('收到：\t制表\n换行\\反斜杠 \\N');
    expect(item!.replies).toEqual([{ type: 'text', content: '收到：\t制表\n换行\\反斜杠 \\N' }]);
  });

  it('when several replies answered then all of them are kept, in order', async () => {
    await postWechat(t.app, textXml('两条回复', { from: 'oCopyCitizen02' }));
    const [item] = await find('两条回复');
    expect(item!.replies.map((r) => r.content)).toEqual(['第一条', '第二条']);
    const { rows } = await t.db.query("SELECT replies FROM message_log WHERE text = '两条回复'");
    expect(rows[0].replies).toHaveLength(2);
  });

  it('when a row is encoded then NULLs, booleans and the timestamp take COPY text form', () => {
    const line = copyLine({
      accountId: 'a', citizen: 'c', openIdEnc: 'e', openIdMasked: 'm', direction: 'in', kind: 'text', text: null, detail: { k: 'a\tb' }, replies: null,
      replyText: null, rule: 'r', attention: true, operatorId: null, operatorName: null, test: false, createdAt: new Date('2026-01-02T03:04:05.678Z'),
    });
    expect(line).toBe('a\tc\te\tm\tin\ttext\t\\N\t{"k":"a\\\\tb"}\t\\N\t\\N\tr\tt\t\\N\t\\N\tf\t2026-01-02T03:04:05.678Z\n');
  });
});
