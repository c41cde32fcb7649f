interface Node {
  next: Map<number, Node>;
  fail: Node | null;
  /** Ids of every pattern ending here, including those reached through fail links. */
  out: number[];
}

const node = (): Node => ({ next: new Map(), fail: null, out: [] });

/**
 * Aho–Corasick automaton: finds every pattern contained in a text in one pass,
 * O(text length + matches) whatever the number of patterns.
 */
export class AhoCorasick {
  private readonly root = node();

  constructor(patterns: ReadonlyArray<{ id: number; text: string }>) {
    for (const { id, text } of patterns) {
      if (text.length === 0) continue;
      let cur = this.root;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        let child = cur.next.get(c);
        if (!child) {
          child = node();
          cur.next.set(c, child);
        }
        cur = child;
      }
      cur.out.push(id);
    }
    const queue: Node[] = [];
    for (const child of this.root.next.values()) {
      child.fail = this.root;
      queue.push(child);
    }
    for (let head = 0; head < queue.length; head++) {
      const cur = queue[head]!;
      for (const [c, child] of cur.next) {
        let f = cur.fail;
        while (f && !f.next.has(c)) f = f.fail;
        child.fail = f ? f.next.get(c)! : this.root;
        if (child.fail.out.length > 0) child.out = child.out.concat(child.fail.out);
        queue.push(child);
      }
    }
  }

  /** Ids of all patterns occurring in `text` (each once). */
  search(text: string): Set<number> {
    const found = new Set<number>();
    let cur = this.root;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      while (cur !== this.root && !cur.next.has(c)) cur = cur.fail!;
      cur = cur.next.get(c) ?? this.root;
      for (const id of cur.out) found.add(id);
    }
    return found;
  }
}
