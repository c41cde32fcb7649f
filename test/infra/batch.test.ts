import { describe, expect, it } from 'vitest';
import { Batcher } from '../../src/infra/kv/batch.js';

/** A batcher that doubles numbers and records the batches it was asked to send. */
function doubler(maxSize = 100) {
  const batches: number[][] = [];
  const batcher = new Batcher<number, number>(async (inputs) => {
    batches.push([...inputs]);
    return inputs.map((n) => n * 2);
  }, maxSize);
  return { batcher, batches };
}

describe('Batcher', () => {
  it('when calls are made in the same round then they are sent as one batch and each gets its own answer', async () => {
    const { batcher, batches } = doubler();
    const answers = await Promise.all([1, 2, 3].map((n) => batcher.call(n)));
    expect(answers).toEqual([2, 4, 6]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('when calls are made in different rounds then each round is its own batch', async () => {
    const { batcher, batches } = doubler();
    expect(await batcher.call(1)).toBe(2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await batcher.call(5)).toBe(10);
    expect(batches).toEqual([[1], [5]]);
  });

  it('when a batch reaches its maximum size then it is sent without waiting and the rest form the next', async () => {
    const { batcher, batches } = doubler(4);
    const answers = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => batcher.call(n)));
    expect(answers).toEqual([2, 4, 6, 8, 10, 12]);
    expect(batches).toEqual([
      [1, 2, 3, 4],
      [5, 6],
    ]);
  });

  it('when sending fails, synchronously or not, then every call of that batch is rejected and later batches still work', async () => {
    let mode: 'throw' | 'reject' | 'ok' = 'throw';
    const batcher = new Batcher<number, number>((inputs) => {
      if (mode === 'throw') throw new Error('socket closed');
      if (mode === 'reject') return Promise.reject(new Error('timeout'));
      return Promise.resolve(inputs.map((n) => n + 1));
    }, 10);
    const thrown = await Promise.allSettled([batcher.call(1), batcher.call(2)]);
    expect(thrown.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : r.value))).toEqual(['socket closed', 'socket closed']);
    mode = 'reject';
    const rejected = await Promise.allSettled([batcher.call(1), batcher.call(2)]);
    expect(rejected.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : r.value))).toEqual(['timeout', 'timeout']);
    mode = 'ok';
    expect(await batcher.call(1)).toBe(2);
  });

  it('when a batch answers the wrong number of results then its calls are rejected rather than given a neighbour’s answer', async () => {
    const batcher = new Batcher<number, number>(async (inputs) => inputs.slice(1), 10);
    const results = await Promise.allSettled([batcher.call(1), batcher.call(2)]);
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
  });
});
