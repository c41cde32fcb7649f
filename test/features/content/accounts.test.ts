import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { postWechat, readReply, textXml } from '../../helpers/wechat.js';
import { guide, post, say } from './content-helpers.js';

describe('content across accounts and instances', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await createTestApp();
    b = await createTestApp({ shareWith: a });
    await post(a, '/admin/api/accounts', { id: 'other', name: '其他', appId: 'wx0000000000other', appSecret: 'secret-other', token: 'othertoken' });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('when another account is searched then only its guides answer and the link names the account', async () => {
    await post(a, '/admin/api/guides', guide('OT-1', '公证办理'), { 'x-account-id': 'other' });
    await post(a, '/admin/api/guides', guide('DF-1', '公证预约'));
    const res = await postWechat(a.app, textXml('公证', { from: 'oOther' }), { path: '/wechat/other', token: 'othertoken' });
    const content = readReply(res.body).Content as string;
    expect(content).toContain('【公证办理】');
    const link = /(\/h5\/guides\/\d+\?a=other)/.exec(content)![1]!;
    expect((await a.app.inject({ url: link })).statusCode).toBe(200);
    expect((await a.app.inject({ url: link.replace('?a=other', '') })).statusCode).toBe(404);
  });

  it('when a synonym group is added on one instance then the other instance expands with it at once', async () => {
    await post(a, '/admin/api/guides', guide('YB-1', '医疗保险参保登记'));
    expect((await say(b, '医保', 'oInst1')).Content).toContain('暂未找到');
    await post(a, '/admin/api/search/synonyms', { terms: ['医保', '医疗保险'] });
    await expect.poll(async () => (await say(b, '医保', `oInst${Math.random()}`)).Content, { timeout: 2000 }).toContain('【医疗保险参保登记】');
  });
});
