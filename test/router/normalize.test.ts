import { describe, expect, it } from 'vitest';
import { normalizeText, toSimplified } from '../../src/router/normalize.js';

describe('text normalisation', () => {
  it('when a command is written in Traditional characters then it reads as its Simplified form', () => {
    expect(normalizeText('菜單')).toBe('菜单');
    expect(normalizeText('預約')).toBe('预约');
    expect(normalizeText('我的預約')).toBe('我的预约');
    expect(normalizeText('我要投訴')).toBe('我要投诉');
    expect(normalizeText('檔案')).toBe('档案');
  });

  it('when text is full-width or wrapped in punctuation then it is folded and trimmed', () => {
    expect(normalizeText('ＨＥＬＬＯ！')).toBe('hello');
    expect(normalizeText('  在吗？？')).toBe('在吗');
    expect(normalizeText('【菜单】')).toBe('菜单');
    expect(normalizeText('进度 26070800012。')).toBe('进度 26070800012');
    expect(normalizeText('１２')).toBe('12');
  });

  it('when text is already Simplified then it comes back unchanged, the same string', () => {
    const text = '我想补办社保卡，需要带什么材料';
    expect(toSimplified(text)).toBe(text);
    expect(toSimplified('乾淨')).toBe('干净');
  });
});
