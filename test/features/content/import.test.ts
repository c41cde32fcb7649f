import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, createTestApp, type TestApp } from '../../helpers/app.js';
import { say } from './content-helpers.js';

const line = (o: unknown) => JSON.stringify(o);

describe('guide import: JSON lines or CSV, all or nothing, errors per row', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  const upload = (body: string, contentType: string) =>
    t.app.inject({ method: 'POST', url: '/admin/api/guides/import', headers: { ...adminHeaders, 'content-type': contentType }, payload: body });
  const count = async () => Number((await t.db.query('SELECT count(*) FROM service_guides')).rows[0].count);

  it('when a JSON-lines file is valid then every row is created and searchable at once', async () => {
    const body = [
      line({ code: 'IMP-1', name: '档案借阅', department: '档案局', status: 'published' }),
      '',
      line({ code: 'IMP-2', name: '档案复制', department: '档案局', status: 'published', materials: [{ name: '身份证' }] }),
    ].join('\n');
    const res = await upload(body, 'application/x-ndjson');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ total: 2, created: 2, updated: 0 });
    expect((await say(t, '档案', 'oImport')).Content).toContain('相关结果2条');
  });

  it('when some rows are bad then nothing is imported and each bad row is reported with its line and field', async () => {
    const before = await count();
    const body = [
      line({ code: 'IMP-3', name: '好的一行', department: '某局' }),
      line({ code: 'IMP-4', department: '某局' }),
      '{not json',
      line({ code: 'IMP-3', name: '重复编码', department: '某局' }),
      line({ code: 'IMP-5', name: '材料错', department: '某局', materials: [{ copies: 1 }] }),
    ].join('\n');
    const res = await upload(body, 'application/jsonl');
    expect(res.statusCode).toBe(400);
    const error = res.json().error;
    expect(error.code).toBe('IMPORT_INVALID');
    expect(error.field).toBe('rows[2].name');
    expect(error.rows.map((r: { row: number; line: number; field: string }) => [r.row, r.line, r.field])).toEqual([
      [2, 2, 'name'],
      [3, 3, 'body'],
      [4, 4, 'code'],
      [5, 5, 'materials[0].name'],
    ]);
    expect(await count()).toBe(before);
  });

  it('when a CSV file is uploaded then dotted headers, | lists and quoted cells fill the guide; existing codes are updated', async () => {
    const csv = [
      'code,name,department,status,timeLimit.promised,timeLimit.unit,keywords,materials,online.available,fee',
      'IMP-1,档案借阅（新版）,档案局,published,3,工作日,查档|借档,"居民身份证|单位介绍信",true,"不收费，""免费""复印"',
      'CSV-1,"婚姻登记记录证明",民政局,published,0,工作日,婚姻证明,,false,',
    ].join('\r\n');
    const res = await upload(csv, 'text/csv');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ total: 2, created: 1, updated: 1 });
    const { items } = (await t.app.inject({ url: '/admin/api/guides?q=' + encodeURIComponent('档案借阅'), headers: adminHeaders })).json();
    expect(items[0]).toMatchObject({
      code: 'IMP-1',
      version: 2,
      timeLimit: { promised: 3, unit: '工作日' },
      keywords: ['查档', '借档'],
      materials: [{ name: '居民身份证' }, { name: '单位介绍信' }],
      online: { available: true },
      fee: '不收费，"免费"复印',
    });
    const audit = await t.db.query("SELECT detail FROM audit_log WHERE resource = 'guide' AND action = 'import' ORDER BY id DESC LIMIT 1");
    expect(audit.rows[0].detail).toEqual({ created: ['CSV-1'], updated: ['IMP-1'] });
  });

  it('when a CSV row is bad then the error names its file line and column, and nothing changes', async () => {
    const before = await count();
    const csv = ['code,name,department,timeLimit.promised', 'OK-1,好,某局,1', 'BAD-1,"多行', '名称",某局,很快'].join('\n');
    const res = await upload(csv, 'text/csv');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.rows).toEqual([expect.objectContaining({ row: 2, line: 3, field: 'timeLimit.promised' })]);
    expect(await count()).toBe(before);
    const empty = await upload('', 'text/csv');
    expect(empty.statusCode).toBe(400);
  });
});
