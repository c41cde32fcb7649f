import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROWSER_TEST_TIMEOUT, openPage, screenshot, signIn, startConsole, type ConsoleRig } from './browser.js';
import { consoleOperator } from './operators.js';

const HEADER = 'code,name,department,materials,keywords';
const GOOD_1 = 'WZ-IMP-1,居住证办理,市公安局,身份证|居住登记凭证,居住证';
const GOOD_2 = 'WZ-IMP-2,护照办理,市公安局,身份证;户口簿,护照';
/** The name is missing: the dry run must point at this row before anything is written. */
const BAD = 'WZ-IMP-3,,市民政局,身份证,婚姻';

describe('办事指南 import wizard, in a real browser', { timeout: BROWSER_TEST_TIMEOUT }, () => {
  let rig: ConsoleRig;
  let editor: { username: string; password: string };
  let dir: string;
  // Building the console and seeding can outlast the default hook timeout on a busy machine.
  beforeAll(async () => {
    rig = await startConsole();
    editor = await consoleOperator(rig, '郑编辑', 'zhengeditor', ['editor']);
    dir = await mkdtemp(join(tmpdir(), 'guides-import-'));
  }, BROWSER_TEST_TIMEOUT);
  afterAll(async () => {
    await rig?.close();
  });

  it('when an editor imports a file with one bad row then the dry run shows it and writes nothing, and the fixed file imports with the separator warning shown', async () => {
    const bad = join(dir, 'guides-bad.csv');
    const fixed = join(dir, 'guides.csv');
    await writeFile(bad, [HEADER, GOOD_1, GOOD_2, BAD].join('\n'));
    await writeFile(fixed, [HEADER, GOOD_1, GOOD_2, BAD.replace(',,', ',结婚登记,')].join('\n'));

    const { page } = await openPage(rig);
    await signIn(page, rig.base, editor.username, editor.password);
    await page.getByRole('menuitem', { name: '办事指南' }).click();
    await page.waitForURL(`${rig.base}/console/content/guides`);
    await page.locator('[data-test=guide-import]').click();
    const wizard = page.locator('[data-test=import-wizard]');
    await expect(wizard.locator('[data-test=import-template]').getAttribute('href')).resolves.toBe('/admin/api/guides/import-template.csv');

    await wizard.locator('[data-test=import-file]').setInputFiles(bad);
    const errors = wizard.locator('[data-test=import-errors]');
    await errors.waitFor();
    const errorRow = errors.getByRole('row', { name: /name/ });
    await expect(errorRow.textContent()).resolves.toMatch(/^3\s*4\s*name/);
    await wizard.locator('[data-test=import-warnings]').getByText('含有“;”但没有“|”').waitFor();
    await expect(wizard.locator('[data-test=import-summary]').textContent()).resolves.toContain('1 处错误');
    await expect(wizard.locator('[data-test=import-run]').isDisabled()).resolves.toBe(true);
    await screenshot(page, 'guides-import-dry-run');
    expect((await rig.test.db.query("SELECT code FROM service_guides WHERE code LIKE 'WZ-IMP-%'")).rows).toEqual([]);

    await wizard.getByRole('button', { name: '重新选择' }).click();
    await wizard.locator('[data-test=import-file]').setInputFiles(fixed);
    await wizard.locator('[data-test=import-run]').waitFor();
    await expect(wizard.locator('[data-test=import-errors]').count()).resolves.toBe(0);
    await wizard.locator('[data-test=import-warnings]').getByText('此格将只导入为一项').waitFor();
    await wizard.locator('[data-test=import-run]').click();
    await wizard.locator('[data-test=import-result]').getByText('新增 3 条').waitFor();
    await wizard.getByRole('button', { name: '完成' }).click();
    await page.locator('[data-test=guide-table]').getByRole('row', { name: /结婚登记/ }).waitFor();
    await screenshot(page, 'guides');

    const { rows } = await rig.test.db.query("SELECT code, doc->'materials' AS materials FROM service_guides WHERE code LIKE 'WZ-IMP-%' ORDER BY code");
    expect(rows.map((r: { code: string }) => r.code)).toEqual(['WZ-IMP-1', 'WZ-IMP-2', 'WZ-IMP-3']);
    expect(rows[0].materials).toEqual([{ name: '身份证' }, { name: '居住登记凭证' }]);
    await page.context().close();
  });
});
