// The "already notified" marks (`fin:<jobKey>`, `start:<jobKey>`, `stall:<jobKey>`), one small
// number per job key rather than one string per mark. With a full history there is a mark for
// each of 100,000 finished jobs: as a Set of `fin:<key>` strings they held ~8.5 MiB (a
// concatenated string per mark plus the Set's table), as bits by key in a Map ~3.5 MiB; the
// engine keeps the bits in the board's store (JobStore.marks: a finished job's in its history
// row, ~0.1 MiB for 100,000). Marks of another form are kept as they came.
import { fresh } from './fresh.ts';
import type { MarkIndex } from './job-store.ts';

const KINDS = ['fin', 'start', 'stall'] as const;
export type MarkKind = (typeof KINDS)[number];
const BIT: Record<MarkKind, number> = { fin: 1, start: 2, stall: 4 };

export class NotifiedMarks implements Iterable<string> {
  private readonly bits: MarkIndex;
  private readonly odd = new Set<string>();

  /**
   * `shareKey` maps a job key to the instance the board holds (so no copy of it is kept);
   * `store` keeps the bits (default: a Map of its own).
   */
  constructor(marks: Iterable<string> = [], shareKey: (key: string) => string | undefined = () => undefined, store: MarkIndex = new Map()) {
    this.bits = store;
    for (const m of marks) {
      const p = parse(m);
      if (p) this.addJob(p.kind, shareKey(p.key) ?? fresh(p.key));
      else this.add(m);
    }
  }

  /** How many marks (counted: for tests and figures). */
  get size(): number {
    let n = this.odd.size;
    for (const [, b] of this.bits.entries()) n += bitCount(b);
    return n;
  }

  /** Drop every mark (the store's too). */
  clear(): void {
    for (const [k] of [...this.bits.entries()]) this.bits.delete(k);
    this.odd.clear();
  }

  has(mark: string): boolean {
    const p = parse(mark);
    return p ? this.hasJob(p.kind, p.key) : this.odd.has(mark);
  }

  hasJob(kind: MarkKind, key: string): boolean {
    return ((this.bits.get(key) ?? 0) & BIT[kind]) !== 0;
  }

  /** Add a mark; false when it was there. */
  add(mark: string): boolean {
    const p = parse(mark);
    if (p) return this.addJob(p.kind, fresh(p.key));
    if (this.odd.has(mark)) return false;
    this.odd.add(mark);
    return true;
  }

  /** Add the mark of a job (`key`: keep the board's instance); false when it was there. */
  addJob(kind: MarkKind, key: string): boolean {
    const b = this.bits.get(key) ?? 0;
    if (b & BIT[kind]) return false;
    this.bits.set(key, b | BIT[kind]);
    return true;
  }

  /** Drop every mark of a job; the number dropped. */
  deleteJob(key: string): number {
    const b = this.bits.get(key);
    if (b === undefined) return 0;
    this.bits.delete(key);
    return bitCount(b);
  }

  /** The marks as strings, optionally only those of jobs `keep` accepts (odd marks always). */
  *marks(keep?: (key: string) => boolean): IterableIterator<string> {
    for (const [key, b] of this.bits.entries()) {
      if (keep && !keep(key)) continue;
      for (const k of KINDS) if (b & BIT[k]) yield `${k}:${key}`;
    }
    yield* this.odd;
  }

  [Symbol.iterator](): IterableIterator<string> {
    return this.marks();
  }
}

function parse(mark: string): { kind: MarkKind; key: string } | undefined {
  if (typeof mark !== 'string') return undefined;
  const i = mark.indexOf(':');
  if (i < 0 || i + 1 >= mark.length) return undefined;
  const kind = mark.slice(0, i);
  return kind === 'fin' || kind === 'start' || kind === 'stall' ? { kind, key: mark.slice(i + 1) } : undefined;
}

function bitCount(b: number): number {
  return (b & 1) + ((b >> 1) & 1) + ((b >> 2) & 1);
}
