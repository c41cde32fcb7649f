import { beforeAll, describe, expect, it } from 'vitest';
import { EVAL_CASES } from './cases.js';
import { runEvaluation, type CaseResult } from './evaluate.js';

/**
 * Keeps the two rules of the evaluation set that must never regress: every emergency
 * message leads with its number, and every message that finds nothing gets a way forward
 * (咨询 with one digit or the menu, and 12345), never a list of unrelated results.
 * `npm run eval` reports the whole set.
 */
describe('evaluation set: emergencies and the no-dead-end rule', () => {
  let results: CaseResult[];
  beforeAll(async () => {
    results = await runEvaluation(EVAL_CASES.filter((c) => c.group === 'emergencies' || c.group === 'nothing'));
  }, 120_000);

  it('when a citizen reports an emergency then the first line of the reply gives the right number', () => {
    const missed = results.filter((r) => r.case.group === 'emergencies' && !r.top1 && !r.case.knownGap).map((r) => `${r.case.text}: ${r.got}`);
    expect(missed).toEqual([]);
    // A known gap that now passes must lose its note, so the test guards it from then on.
    const fixed = results.filter((r) => r.case.knownGap && r.top1).map((r) => r.case.text);
    expect(fixed).toEqual([]);
  });

  it('when nothing answers a message then the reply still offers 咨询 or the menu and 12345', () => {
    const missed = results.filter((r) => r.case.group === 'nothing' && !r.top1).map((r) => `${r.case.text}: ${r.got}`);
    expect(missed).toEqual([]);
  });
});
