import { describe, expect, it } from 'vitest';
import { createLogThrottle } from '../../src/lib/log-throttle.js';

/** A logger that keeps what it was asked to write. */
function recorder() {
  const lines: Array<{ fields: Record<string, unknown>; message: string }> = [];
  return { lines, log: { warn: (fields: Record<string, unknown>, message: string) => void lines.push({ fields, message }) } };
}

describe('log throttle', () => {
  it('when one cause repeats within the interval then one line is written, and the next one after it carries the count', () => {
    let now = 1_000;
    const throttle = createLogThrottle(5_000, () => now);
    const { lines, log } = recorder();
    for (let i = 0; i < 1_000; i++) throttle.warn(log as never, 'store', { err: 'down' }, 'store unavailable');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.fields).toEqual({ err: 'down', cause: 'store' });
    now += 5_000;
    throttle.warn(log as never, 'store', { err: 'down' }, 'store unavailable');
    expect(lines).toHaveLength(2);
    expect(lines[1]!.fields).toEqual({ err: 'down', cause: 'store', suppressed: 999 });
  });

  it('when two causes alternate then each gets its own line', () => {
    const throttle = createLogThrottle(5_000, () => 0);
    const { lines, log } = recorder();
    for (let i = 0; i < 10; i++) {
      throttle.warn(log as never, 'a', {}, 'first cause');
      throttle.warn(log as never, 'b', {}, 'second cause');
    }
    expect(lines.map((l) => l.message)).toEqual(['first cause', 'second cause']);
  });
});
