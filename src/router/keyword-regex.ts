import RE2 from 're2';

/** A compiled operator regex: only `test` is needed on the reply path. */
export interface KeywordRegex {
  test(text: string): boolean;
}

/** Patterns from the code (reviewedPattern). */
const reviewed = new Set<string>();

export type RegexCompilation = { ok: true; re: KeywordRegex } | { ok: false; reason: string };

/**
 * RE2 messages mapped to what an operator can act on. RE2 matches in time linear in the
 * text because it has no backtracking, which is also why it has no backreferences or
 * lookarounds (https://github.com/google/re2/wiki/Syntax).
 */
const REASONS: Array<[RegExp, string]> = [
  [/invalid escape sequence: \\(?:[1-9]|k)/, '不支持反向引用（如 \\1、\\k<名称>）：正则引擎为保证匹配时间可控而不支持回溯'],
  [/invalid perl operator: \(\?<?[=!]/, '不支持前瞻/后顾断言（如 (?=…)、(?!…)、(?<=…)）：正则引擎为保证匹配时间可控而不支持回溯'],
  [/invalid repetition size/, '重复次数无效或超过 1000（如 a{1001}、a{2,1}）'],
  [/no argument for repetition operator|bad repetition operator/, '重复符号（* + ? {n}）前面缺少内容'],
  [/missing \)|unexpected \)|missing \]/, '括号不配对'],
  [/pattern too large/, '正则表达式过于复杂，请拆分为多个关键词'],
];

/**
 * Operator keyword regexes run on RE2 (linear time), never on V8's backtracking engine:
 * one citizen message must not be able to hold the event loop for everyone
 * (`(a|a)*$` against 30 characters takes minutes when backtracking).
 */
export function compileKeywordRegex(pattern: string): RegexCompilation {
  if (reviewed.has(pattern)) return { ok: true, re: new RegExp(pattern, 'iu') };
  try {
    return { ok: true, re: new RE2(pattern, 'iu') };
  } catch (err) {
    const message = (err as Error).message;
    const reason = REASONS.find(([test]) => test.test(message))?.[1] ?? `正则表达式无法编译（${message}）`;
    return { ok: false, reason };
  }
}

/**
 * Marks a regex keyword written in the code, reviewed with it, to run on V8's engine:
 * a test there costs about a tenth of a call into RE2, and the built-in rules' regexes
 * are tried on every text message. The same text saved by an operator is the same
 * reviewed pattern, so it may run there too; any other operator pattern runs on RE2.
 */
export function reviewedPattern(pattern: string): string {
  reviewed.add(pattern);
  return pattern;
}
