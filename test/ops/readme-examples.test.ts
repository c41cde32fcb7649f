import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { root, run } from './support/project.js';

/**
 * The README's shell examples, pasted in order into bash against a real app with the demo
 * content and the development tokens: the Quick start's "Try it" block, then the Admin API
 * block. curl is made to fail on any HTTP error, so a 4xx in an example fails the test.
 */
function readmeBlock(containing: string): string {
  const blocks = [...readFileSync(path.join(root, 'README.md'), 'utf8').matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const block = blocks.find((b) => b.includes(containing));
  if (!block) throw new Error(`README has no bash block containing ${containing}`);
  return block;
}

describe('the README examples, pasted in order', () => {
  let t: TestApp;
  let base: string;
  let output = '';
  let status: number | null;

  beforeAll(async () => {
    t = await createTestApp({ env: { SEED_DEMO: 'true', WECHAT_TOKEN: 'weizhengdevtoken', ADMIN_TOKEN: 'weizheng-dev-admin-token' } });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const script = [
      'set -euo pipefail',
      'curl() { command curl -sS --fail-with-body "$@"; }',
      readmeBlock('sig()'),
      readmeBlock('export ADMIN='),
      // After every change: the deleted rule no longer answers, and a fixed MsgId would have shown its old answer.
      'echo "::after::"',
      'say 我的社保卡丢了',
    ]
      .join('\n')
      .replaceAll('http://127.0.0.1:3000', base);
    // Asynchronously: the app answering curl runs in this process.
    const bash = run('bash', ['-c', script], { cwd: root, env: { PATH: process.env.PATH, HOME: process.env.HOME } });
    status = (await bash.exited).code;
    output = bash.output();
  }, 90_000);
  afterAll(async () => t?.close());

  it('when every example runs then none fails', () => {
    expect(status, output).toBe(0);
  });

  it('when the webhook examples run then the URL check prints hello and 热线 answers with 12345', () => {
    expect(output).toContain('hello');
    expect(output).toContain('12345政务服务便民热线');
  });

  it('when a rule is created then a message answers with it at once, and DELETE removes that rule, not a demo rule', async () => {
    expect(output).toContain('社保卡补办请携带居民身份证');
    const { rows } = await t.db.query<{ name: string }>('SELECT name FROM keyword_rules');
    const names = rows.map((r) => r.name);
    expect(names).not.toContain('社保卡补办');
    expect(names).toContain('热线电话');
    const after = output.split('::after::')[1]!;
    expect(after).toContain('<xml>');
    expect(after).not.toContain('社保卡补办请携带居民身份证');
  });

  it('when the account and calendar examples run then the account and the days exist', async () => {
    expect((await t.db.query("SELECT 1 FROM accounts WHERE id = 'haizhu'")).rowCount).toBe(1);
    expect(output).toContain('国庆节');
  });
});
