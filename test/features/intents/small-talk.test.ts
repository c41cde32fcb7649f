import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../helpers/app.js';
import { citizen } from '../tickets/helpers.js';

describe('intents: small talk gets a friendly answer with the menu hint, every time', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { SEED_DEMO: 'true' } });
  });
  afterAll(async () => t.close());

  it.each(['谢谢', '早上好', 'hello', '有人吗', '在吗？', 'Hi', '谢谢您！'])('when a citizen says %s then a short friendly answer points to the menu', async (words) => {
    const reply = await citizen(t, `oTalk${words.length}${words.charCodeAt(0)}`).say(words);
    expect(reply).toContain('菜单');
    expect(reply).not.toContain('暂未找到');
    expect(reply).not.toContain('二手房');
  });

  it.each(['在吗', '你好'])('when a citizen says %s twice then the second also gets an answer', async (words) => {
    const c = citizen(t, `oTwice${words}`);
    const first = await c.say(words);
    const second = await c.say(words);
    expect(first).toContain('您好');
    expect(second).toBe(first);
  });

  it('when a citizen thanks then the answer is a thank-you, not a search', async () => {
    const reply = await citizen(t, 'oThanks').say('谢谢');
    expect(reply).toContain('不客气');
    expect(reply).toContain('12345');
  });
});
