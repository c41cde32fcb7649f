import { describe, expect, it } from 'vitest';
import { menuDiff, menuProblems } from '../../src/console/api/menus.js';
import { countdown, noticeReason } from '../../src/console/api/tickets.js';
import { ApiError } from '../../src/console/api/client.js';
import { useSubmit } from '../../src/console/lib/submit.js';

describe('console logic the screens rely on', () => {
  const at = (iso: string) => new Date(iso);

  it('when a ticket is due later, today, or was due then the countdown says how long in days or hours, and how urgent', () => {
    const open = (dueDate: string) => ({ dueDate, status: 'dispatched' });
    expect(countdown(open('2026-03-10'), at('2026-03-05T10:00:00+08:00'))).toEqual({ text: '剩 5 天', type: 'info' });
    expect(countdown(open('2026-03-05'), at('2026-03-05T10:00:00+08:00'))).toEqual({ text: '剩 13 小时', type: 'warning' });
    expect(countdown(open('2026-03-04'), at('2026-03-05T10:00:00+08:00'))).toEqual({ text: '已超期 10 小时', type: 'danger' });
    expect(countdown(open('2026-03-01'), at('2026-03-05T10:00:00+08:00'))).toEqual({ text: '已超期 3 天', type: 'danger' });
    expect(countdown({ dueDate: '2026-03-01', status: 'closed' }, at('2026-03-05T10:00:00+08:00'))).toEqual({ text: '已结束', type: 'success' });
  });

  it('when WeChat did not take a notice then the reason reads as what the operator can do', () => {
    expect(noticeReason('WeChat error 45047; no status template configured')).toContain('未配置状态通知模板');
    expect(noticeReason('no WeChat recipient')).toContain('没有微信用户');
    expect(noticeReason('WeChat error 40001')).toBe('微信返回错误码 40001');
  });

  it('when the menu breaks WeChat limits then each problem is keyed by the field the API would name', () => {
    const problems = menuProblems([
      { name: '这是一个很长的菜单', type: 'click', key: 'news:通知公告' },
      { name: '办事', sub_button: [{ name: '', type: 'click', key: '' }, { name: '官网', type: 'view', url: 'ftp://x' }] },
      { name: 'a', type: 'click', key: 'k' },
      { name: 'b', type: 'click', key: 'k' },
    ]);
    expect(problems).toEqual({
      button: '最多 3 个一级菜单',
      'button.0.name': expect.stringContaining('一级菜单名称最长 16 字节'),
      'button.1.sub_button.0.name': '名称不能为空',
      'button.1.sub_button.0.key': '请选择点击后的动作',
      'button.1.sub_button.1.url': '请填写 http(s) 网址',
    });
    expect(menuProblems([{ name: '办事', type: 'click', key: 'guide:A' }])).toEqual({});
  });

  it('when the menu differs from the live one then each added, changed and removed button is listed once', () => {
    const live = [{ name: '办事', sub_button: [{ name: '指南', type: 'click', key: 'guide:A' }, { name: '旧', type: 'click', key: 'k' }] }];
    const next = [{ name: '办事', sub_button: [{ name: '指南', type: 'click', key: 'guide:B' }] }, { name: '投诉', type: 'click', key: 'ticket:投诉' }];
    expect(menuDiff(live, next)).toEqual(['修改：办事 › 指南（guide:A → guide:B）', '新增：投诉（ticket:投诉）', '删除：办事 › 旧（k）']);
    expect(menuDiff(null, [])).toEqual([]);
  });

  it('when a form is saved then it is busy while the request runs, and a refused save shows the errors by field and is no longer busy', async () => {
    const { busy, errors, submit } = useSubmit();
    let release: () => void = () => undefined;
    const saving = submit(() => new Promise<void>((resolve) => (release = resolve)));
    expect(busy.value).toBe(true);
    release();
    await saving;
    expect(busy.value).toBe(false);
    expect(errors.value).toEqual({});
    await submit(async () => {
      throw new ApiError(400, { error: { code: 'VALIDATION', message: 'name: 不能为空', field: 'name' } });
    });
    expect(busy.value).toBe(false);
    expect(errors.value).toEqual({ name: '不能为空' });
  });
});
