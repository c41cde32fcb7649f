import { describe, expect, it } from 'vitest';
import { checkIdNumber, checkName, checkPhone, isBack, isExit, parseChoice, parseNumber } from '../../../src/features/appointments/input.js';
import { VALID_IDS } from './helpers.js';

describe('what citizens type or say', () => {
  it('when a choice is typed or spoken in any common form then it is read as the number', () => {
    const cases: Array<[string, number]> = [['1', 1], ['２', 2], ['三', 3], ['第2个', 2], ['第二个', 2], ['选3', 3], ['我要选择4', 4], ['5号', 5], ['十', 10], ['十二', 12], ['二十一', 21], ['幺', 1]];
    for (const [text, n] of cases) expect(parseNumber(text), text).toBe(n);
    for (const text of ['', '你好', '13812345678', '1a', '第']) expect(parseNumber(text), text).toBeUndefined();
  });

  it('when a choice is out of range or not a number then the reason names the valid range', () => {
    expect(parseChoice('3', 3)).toEqual({ ok: true, index: 3 });
    expect(parseChoice('4', 3)).toEqual({ ok: false, reason: '没有第4项，请回复1到3之间的数字。' });
    expect(parseChoice('0', 3)).toEqual({ ok: false, reason: '没有第0项，请回复1到3之间的数字。' });
    expect(parseChoice('好的', 3)).toEqual({ ok: false, reason: '请回复1到3之间的数字。' });
    expect(isBack('0') && isBack('返回') && isBack('上一步')).toBe(true);
    expect(isExit('退出') && isExit('结束')).toBe(true);
    expect(isBack('1') || isExit('预约')).toBe(false);
  });

  it('when a phone number is given then only an 11-digit mainland mobile number passes, with +86, spaces, dashes and spoken digits ignored', () => {
    expect(checkPhone('13812345678')).toEqual({ ok: true, value: '13812345678' });
    expect(checkPhone('+86 138-1234-5678')).toEqual({ ok: true, value: '13812345678' });
    expect(checkPhone('幺三八一二三四五六七八。')).toEqual({ ok: true, value: '13812345678' });
    expect(checkPhone('8613812345678')).toEqual({ ok: true, value: '13812345678' });
    for (const bad of ['1381234567', '138123456789', '12812345678', '02012345678', '138abc45678']) expect(checkPhone(bad).ok, bad).toBe(false);
  });

  it('when an ID number is given then GB 11643 decides: 18 characters, a real birth date and the check character', () => {
    for (const id of VALID_IDS) expect(checkIdNumber(id)).toEqual({ ok: true, value: id });
    expect(checkIdNumber('11010519491231002x')).toEqual({ ok: true, value: '11010519491231002X' });
    expect(checkIdNumber('110105194912310021')).toMatchObject({ ok: false, reason: expect.stringContaining('校验位') });
    expect(checkIdNumber('110105194913310028')).toMatchObject({ ok: false, reason: expect.stringContaining('出生日期') });
    expect(checkIdNumber('110105491231002')).toMatchObject({ ok: false, reason: expect.stringContaining('18位') });
    expect(checkIdNumber('11010519491231002Y')).toMatchObject({ ok: false, reason: expect.stringContaining('18位') });
    expect(checkIdNumber('110105209912310020', new Date('2026-01-01T00:00:00Z'))).toMatchObject({ ok: false });
  });

  it('when a name is given then Chinese names (with ·) and Latin names pass, digits and single characters do not', () => {
    expect(checkName('张三')).toEqual({ ok: true, value: '张三' });
    expect(checkName(' 买买提·艾力。')).toEqual({ ok: true, value: '买买提·艾力' });
    expect(checkName('John Smith')).toEqual({ ok: true, value: 'John Smith' });
    expect(checkName('张')).toMatchObject({ ok: false });
    expect(checkName('张3')).toMatchObject({ ok: false, reason: expect.stringContaining('数字') });
  });
});
