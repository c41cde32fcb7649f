/** No state: a missing transition, or the root's failure link. */
const NONE = -1;
const ROOT = 0;

/**
 * Aho–Corasick automaton: finds every pattern contained in a text in one pass,
 * O(text length + matches) whatever the number of patterns.
 *
 * Stored compactly, since an account may hold thousands of "contains" keywords:
 * states are numbers; most trie states have a single next character (the tail of a
 * keyword) and keep it in two typed arrays, only branching states get a Map, and
 * only states where a pattern ends carry an output list.
 */
export class AhoCorasick {
  private readonly onlyChar: Uint16Array;
  private readonly onlyNext: Int32Array;
  private readonly branches = new Map<number, Map<number, number>>();
  private readonly fail: Int32Array;
  /** Ids of every pattern ending at a state, including those reached through failure links. */
  private readonly out = new Map<number, number[]>();

  constructor(patterns: ReadonlyArray<{ id: number; text: string }>) {
    // Build with a Map per state, then keep the compact form.
    const next: Array<Map<number, number>> = [new Map()];
    const outs: number[][] = [[]];
    for (const { id, text } of patterns) {
      if (text.length === 0) continue;
      let state = ROOT;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        let child = next[state]!.get(c);
        if (child === undefined) {
          child = next.length;
          next.push(new Map());
          outs.push([]);
          next[state]!.set(c, child);
        }
        state = child;
      }
      outs[state]!.push(id);
    }

    const count = next.length;
    this.fail = new Int32Array(count);
    this.fail[ROOT] = NONE;
    const queue: number[] = [];
    for (const child of next[ROOT]!.values()) {
      this.fail[child] = ROOT;
      queue.push(child);
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      for (const [c, child] of next[state]!) {
        let f = this.fail[state]!;
        while (f !== NONE && !next[f]!.has(c)) f = this.fail[f]!;
        const target = f === NONE ? ROOT : next[f]!.get(c)!;
        this.fail[child] = target;
        if (outs[target]!.length > 0) outs[child] = outs[child]!.concat(outs[target]!);
        queue.push(child);
      }
    }

    this.onlyChar = new Uint16Array(count);
    this.onlyNext = new Int32Array(count).fill(NONE);
    for (let state = 0; state < count; state++) {
      const children = next[state]!;
      if (children.size === 1) {
        const [c, child] = children.entries().next().value as [number, number];
        this.onlyChar[state] = c;
        this.onlyNext[state] = child;
      } else if (children.size > 1) {
        this.branches.set(state, children);
      }
      if (outs[state]!.length > 0) this.out.set(state, outs[state]!);
    }
  }

  private step(state: number, c: number): number {
    const only = this.onlyNext[state]!;
    if (only !== NONE) return this.onlyChar[state] === c ? only : NONE;
    return this.branches.get(state)?.get(c) ?? NONE;
  }

  /** Ids of all patterns occurring in `text` (each once). */
  search(text: string): Set<number> {
    const found = new Set<number>();
    let state = ROOT;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let target = this.step(state, c);
      while (target === NONE && state !== ROOT) {
        state = this.fail[state]!;
        target = this.step(state, c);
      }
      state = target === NONE ? ROOT : target;
      const ids = this.out.get(state);
      if (ids) for (const id of ids) found.add(id);
    }
    return found;
  }
}
