import { describe, expect, it } from 'vitest';
import { parseAction, withText } from '../../../src/router/action-uri.js';
import { actionFor } from '../../../src/features/intents/intents.rules.js';

describe('intent actions carry the citizen\'s words', () => {
  const complaint = [{ text: '我要投诉', match: 'contains' }];

  it('when {rest} is used then the matched phrase is taken out and the rest is URI-encoded', () => {
    expect(actionFor('ticket:投诉?text={rest}', '我要投诉噪音', complaint)).toBe(`ticket:投诉?text=${encodeURIComponent('噪音')}`);
    expect(actionFor('ticket:投诉?text={rest}', '楼下烧烤摊太吵,我要投诉', complaint)).toBe(`ticket:投诉?text=${encodeURIComponent('楼下烧烤摊太吵')}`);
  });

  it('when nothing is left then the action has no text parameter', () => {
    expect(actionFor('ticket:投诉?text={rest}', '我要投诉', complaint)).toBe('ticket:投诉');
  });

  it('when {text} is filled then the words are kept as written, full-width punctuation included', () => {
    expect(actionFor('emergency:119?text={text}', '河堤出现管涌,有群众被困', [], ' 河堤出现管涌，有群众被困 ')).toBe(`emergency:119?text=${encodeURIComponent('河堤出现管涌，有群众被困')}`);
  });

  it('when only a softening word is left (我想咨询一下) then nothing is written down for the citizen', () => {
    const consult = [{ text: '我想咨询', match: 'contains' }];
    expect(actionFor('ticket:咨询?text={rest}', '我想咨询一下', consult)).toBe('ticket:咨询');
    expect(actionFor('ticket:咨询?text={rest}', '我想咨询一下社保转移', consult)).toBe(`ticket:咨询?text=${encodeURIComponent('一下社保转移')}`);
  });

  it('when {text} is used then the whole message is kept, and an action without placeholders is unchanged', () => {
    expect(actionFor('emergency:119?text={text}', '着火了&快来', [])).toBe(`emergency:119?text=${encodeURIComponent('着火了&快来')}`);
    expect(actionFor('appointment:A2', '我要预约办身份证', [])).toBe('appointment:A2');
  });

  it('when an action URI is parsed then the argument and the decoded text come back; bad encodings drop only the text', () => {
    expect(parseAction(withText('ticket:投诉', '噪音 扰民'), 'ticket:')).toEqual({ argument: '投诉', text: '噪音 扰民' });
    expect(parseAction('ticket:投诉', 'ticket:')).toEqual({ argument: '投诉' });
    expect(parseAction('ticket:投诉?text=%E5%99', 'ticket:')).toEqual({ argument: '投诉' });
    expect(parseAction('news:政策速递', 'ticket:')).toEqual({ argument: '' });
  });
});
