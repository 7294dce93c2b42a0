// Finished jobs, stored compactly: one row per job in columns (typed arrays for dates, counts
// and interned values; plain arrays only for the strings that differ per job), materialized to
// the same `Job` on demand. A finished job is ~1 KB as objects (its Job, its JobLog, ISO date
// strings, the last ActiveJob); a row here is ~150–250 B. What a row keeps: every field of the
// Job and of its JobLog, losslessly (an ISO date that would not print back the same, a count
// that is no int32, a 65,536th distinct value… is kept as it came, in a side map). What it does
// not keep: the last `active` and `scheduled` records of a finished job (the detail view reads
// the log through getJobLogDetails).
import { JOB_LOG_FIELDS, type Job } from '../../shared/domain.ts';

/** A row's cell: absent, a value in the column, the same as another field, or kept as is in the side map. */
const ABSENT = 0;
const VALUE = 1;
const SAME = 2;
const OTHER = 3;

type Kind = 'date' | 'int' | 'id' | 'str' | 'bool';

interface Spec {
  field: string;
  kind: Kind;
  /** For log fields: the Job field this one usually equals (stored as SAME, nothing else). */
  same?: string;
}

/** The Job's own fields, in the order a materialized Job lists them. `jobHandle` is SAME as the key's tail. */
const JOB_SPECS: readonly Spec[] = [
  { field: 'companyHandle', kind: 'id' },
  { field: 'jobHandle', kind: 'str', same: '' },
  { field: 'name', kind: 'str' },
  { field: 'originalName', kind: 'str', same: 'name' },
  { field: 'type', kind: 'id' },
  { field: 'detailElement', kind: 'id' },
  { field: 'submitUserEmail', kind: 'id' },
  { field: 'phase', kind: 'id' },
  { field: 'outcome', kind: 'id' },
  { field: 'startDate', kind: 'date' },
  { field: 'endDate', kind: 'date' },
  { field: 'firstSeen', kind: 'date' },
  { field: 'updatedAt', kind: 'date' },
  { field: 'destination', kind: 'str' },
];

/** How a JobLog field is kept (counts and detailTotalRows are ints), and the Job field it usually equals. */
const LOG_KIND: Partial<Record<string, Kind>> = {
  jobHandle: 'str',
  jobName: 'str',
  originalJobName: 'str',
  description: 'str',
  startDate: 'date',
  endDate: 'date',
  fatalError: 'bool',
};
const LOG_SAME: Partial<Record<string, string>> = {
  companyHandle: 'companyHandle',
  jobHandle: 'jobHandle',
  jobName: 'name',
  originalJobName: 'originalName',
  submitUserEmail: 'submitUserEmail',
  startDate: 'startDate',
  endDate: 'endDate',
};
const ID_FIELDS = new Set(['companyHandle', 'submitUserEmail', 'logType', 'jobSubType']);

/** The JobLog's fields, in its order (detailArray is getJobLogDetails' only, never on the board). */
const LOG_SPECS: readonly Spec[] = JOB_LOG_FIELDS.filter((f) => f !== 'detailArray').map((field) => {
  const same = LOG_SAME[field];
  const kind = ID_FIELDS.has(field) ? 'id' : (LOG_KIND[field] ?? 'int');
  return same ? { field, kind, same } : { field, kind };
});

/** Fields of a finished job not kept at all. */
const DROPPED = new Set(['active', 'scheduled', 'log']);

type Typed = Float64Array | Uint16Array | Uint8Array;
type TypedOf = typeof Float64Array | typeof Uint16Array | typeof Uint8Array;

/** Rows per chunk of a typed column (4,096: 32 KiB of dates, 8 KiB of ids). */
const CHUNK_BITS = 12;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;

/**
 * One typed column's rows, in fixed chunks allocated as rows are first written. Growing copies
 * nothing: a column that doubled (copy, free the old array) left ~15 MiB of freed malloc heap
 * after a 100,000-row backfill that the allocator could not give back (measured with
 * test/bench/core-scale.ts), and up to half of its room unused. Here the room beyond the rows
 * held is less than one chunk.
 */
class Chunks {
  private readonly parts: (Typed | undefined)[] = [];
  private readonly make: TypedOf;
  /** What a row of a chunk not yet written reads as, and a new chunk is filled with. */
  private readonly fill: number;
  constructor(make: TypedOf, fill = 0) {
    this.make = make;
    this.fill = fill;
  }
  get(row: number): number {
    const p = this.parts[row >>> CHUNK_BITS];
    return p === undefined ? this.fill : p[row & MASK]!;
  }
  set(row: number, v: number): void {
    const i = row >>> CHUNK_BITS;
    let p = this.parts[i];
    if (p === undefined) {
      p = this.parts[i] = new this.make(CHUNK);
      if (this.fill !== 0) p.fill(this.fill);
    }
    p[row & MASK] = v;
  }
  /** Drop the chunks past the first `rows` rows. */
  truncate(rows: number): void {
    const n = Math.ceil(rows / CHUNK);
    if (this.parts.length > n) this.parts.length = n;
  }
  /** Rows allocated. */
  get rows(): number {
    let n = 0;
    for (const p of this.parts) if (p) n += CHUNK;
    return n;
  }
}

const TYPED: Partial<Record<Kind, TypedOf>> = { date: Float64Array, int: Uint16Array, id: Uint16Array, bool: Uint8Array };

/**
 * One column: a tag per row, the values (allocated on the first VALUE), odd values by row.
 * While every row written so far has the same tag (a field always absent, always the same as
 * its Job field, always a value), the column keeps that one tag and no per-row tags.
 */
class Column {
  /** Per-row tags, once two rows differ; until then `uniform` is every written row's tag (-1: none yet). */
  tags: Chunks | undefined;
  uniform = -1;
  /** Typed values (dates as ms, counts, interned ids, booleans), or strings. */
  nums: Chunks | undefined;
  strs: (string | undefined)[] | undefined;
  other: Map<number, unknown> | undefined;
  readonly spec: Spec;
  constructor(spec: Spec) {
    this.spec = spec;
  }
  setNum(row: number, v: number): void {
    (this.nums ??= new Chunks(TYPED[this.spec.kind]!)).set(row, v);
  }
  num(row: number): number {
    return this.nums!.get(row);
  }
  tagOf(row: number): number {
    return this.tags ? this.tags.get(row) : Math.max(ABSENT, this.uniform);
  }
  /** Every cell of a row is tagged when the row is written (ABSENT included), so a uniform column stays right. */
  tag(row: number, tag: number): void {
    if (this.tags) this.tags.set(row, tag);
    else if (this.uniform < 0 || tag === this.uniform) this.uniform = tag;
    else {
      // Rows written so far read as the uniform tag: unwritten chunks, and new ones, start with it.
      this.tags = new Chunks(Uint8Array, this.uniform);
      this.tags.set(row, tag);
    }
  }
  clear(row: number): void {
    if (this.tags) this.tags.set(row, ABSENT);
    this.other?.delete(row);
    if (this.strs) this.strs[row] = undefined;
  }
  truncate(rows: number): void {
    this.tags?.truncate(rows);
    this.nums?.truncate(rows);
    if (this.strs && this.strs.length > rows) this.strs.length = rows;
  }
}

// Counts 0–65,535 and ids sit in Uint16 columns; a larger count is kept as is (OTHER).

/** A date that prints back as the same text (what IPS and the board store): its ms, else NaN. */
function isoMs(v: unknown): number {
  if (typeof v !== 'string' || v.length !== 24) return NaN;
  const t = Date.parse(v);
  return Number.isFinite(t) && new Date(t).toISOString() === v ? t : NaN;
}

/** Repeated short values (company, type, user, outcome…), shared by every id column. */
class Interned {
  readonly list: string[] = [''];
  private readonly ids = new Map<string, number>();
  id(s: string): number {
    let i = this.ids.get(s);
    if (i === undefined) {
      if (this.list.length > 0xffff) return 0;
      i = this.list.length;
      this.list.push(s);
      this.ids.set(s, i);
    }
    return i;
  }
}

export class HistoryTable {
  private readonly rows = new Map<string, number>();
  private keys: (string | undefined)[] = [];
  private readonly free: number[] = [];
  private readonly strings = new Interned();
  private readonly job: Column[] = JOB_SPECS.map((s) => new Column(s));
  private readonly log: Column[] = LOG_SPECS.map((s) => new Column(s));
  /** Rows with a log. */
  private readonly hasLog = new Chunks(Uint8Array);
  /** The board's finish time of each row (ms; NaN until the board sets it): see FinishedIndex. */
  private readonly at = new Chunks(Float64Array, NaN);
  private atCount = 0;
  /** The row's notified marks (bits, ./notified-marks.ts; 0: none): see JobStore.marks. */
  private readonly marks = new Chunks(Uint8Array);
  /** Fields no spec names (another module's additions), by field: row → value. */
  private readonly extraJob = new Map<string, Map<number, unknown>>();
  private readonly extraLog = new Map<string, Map<number, unknown>>();

  get size(): number {
    return this.rows.size;
  }

  has(key: string): boolean {
    return this.rows.has(key);
  }

  /** The stored instance of `key` (callers share it rather than keep an equal copy). */
  keyOf(key: string): string | undefined {
    const row = this.rows.get(key);
    return row === undefined ? undefined : this.keys[row];
  }

  keysIter(): IterableIterator<string> {
    return this.rows.keys();
  }

  /** Store (or replace) a finished job. */
  set(key: string, job: Job): void {
    let row = this.rows.get(key);
    if (row === undefined) {
      row = this.free.pop() ?? this.grow();
      this.rows.set(key, row);
      this.keys[row] = key;
    } else this.clearRow(row);
    const j = job as unknown as Record<string, unknown>;
    const tail = job.companyHandle !== undefined && key === `${job.companyHandle}\u0000${job.jobHandle}` ? job.jobHandle : undefined;
    for (const c of this.job) this.put(c, row, j[c.spec.field], c.spec.same === '' ? tail : c.spec.same ? j[c.spec.same] : undefined);
    for (const f of Object.keys(j)) if (!DROPPED.has(f) && !JOB_FIELDS.has(f) && j[f] !== undefined) extra(this.extraJob, f).set(row, j[f]);
    const l = job.log as unknown as Record<string, unknown> | undefined;
    this.hasLog.set(row, l ? 1 : 0);
    if (!l) return;
    for (const c of this.log) this.put(c, row, l[c.spec.field], c.spec.same ? j[c.spec.same] : undefined);
    for (const f of Object.keys(l)) if (!LOG_FIELDS.has(f) && l[f] !== undefined) extra(this.extraLog, f).set(row, l[f]);
  }

  /** The job as it was stored (a new object each call). */
  get(key: string): Job | undefined {
    const row = this.rows.get(key);
    return row === undefined ? undefined : this.materialize(row);
  }

  /** The row's finish time, if set. */
  atOf(key: string): number | undefined {
    const row = this.rows.get(key);
    const t = row === undefined ? NaN : this.at.get(row);
    return Number.isNaN(t) ? undefined : t;
  }

  /** Set a row's finish time; false when the key has no row. */
  setAt(key: string, at: number): boolean {
    const row = this.rows.get(key);
    if (row === undefined) return false;
    if (Number.isNaN(this.at.get(row))) this.atCount++;
    this.at.set(row, at);
    return true;
  }

  /** Clear a row's finish time; true when it was set. */
  clearAt(key: string): boolean {
    const row = this.rows.get(key);
    if (row === undefined || Number.isNaN(this.at.get(row))) return false;
    this.at.set(row, NaN);
    this.atCount--;
    return true;
  }

  /** Rows whose finish time is set. */
  get atSize(): number {
    return this.atCount;
  }

  *atEntries(): IterableIterator<[string, number]> {
    for (const [k, row] of this.rows) {
      const t = this.at.get(row);
      if (!Number.isNaN(t)) yield [k, t];
    }
  }

  /** The row's notified marks (0: none), undefined when the key has no row. */
  marksOf(key: string): number | undefined {
    const row = this.rows.get(key);
    return row === undefined ? undefined : this.marks.get(row);
  }

  /** Set a row's notified marks; false when the key has no row. */
  setMarks(key: string, bits: number): boolean {
    const row = this.rows.get(key);
    if (row === undefined) return false;
    this.marks.set(row, bits);
    return true;
  }

  *marksEntries(): IterableIterator<[string, number]> {
    for (const [k, row] of this.rows) {
      const b = this.marks.get(row);
      if (b) yield [k, b];
    }
  }

  /** Remove a row (its finish time and marks with it). */
  delete(key: string): boolean {
    const row = this.rows.get(key);
    if (row === undefined) return false;
    this.clearAt(key);
    this.marks.set(row, 0);
    this.rows.delete(key);
    this.clearRow(row);
    this.keys[row] = undefined;
    this.free.push(row);
    return true;
  }

  *values(): IterableIterator<Job> {
    for (const row of this.rows.values()) yield this.materialize(row);
  }

  *entries(): IterableIterator<[string, Job]> {
    for (const [k, row] of this.rows) yield [k, this.materialize(row)];
  }

  /** The next new row (rows in use and free rows are 0 … n − 1). */
  private grow(): number {
    return this.rows.size + this.free.length;
  }

  /**
   * Give back the room of rows no longer held: free rows past the highest row in use are
   * dropped, with the chunks only they occupied (after a large prune; a bulk load leaves less
   * than one chunk per column unused).
   */
  trim(): void {
    if (!this.free.length) return;
    let top = -1;
    for (const row of this.rows.values()) if (row > top) top = row;
    const used = top + 1;
    let n = 0;
    for (const r of this.free) if (r < used) this.free[n++] = r;
    this.free.length = n;
    if (this.keys.length > used) this.keys.length = used;
    for (const c of this.job) c.truncate(used);
    for (const c of this.log) c.truncate(used);
    this.hasLog.truncate(used);
    this.at.truncate(used);
    this.marks.truncate(used);
  }

  /** Rows the table has room for (every row has a log flag): for tests and figures. */
  get capacity(): number {
    return this.hasLog.rows;
  }

  private clearRow(row: number): void {
    for (const c of this.job) c.clear(row);
    for (const c of this.log) c.clear(row);
    for (const m of this.extraJob.values()) m.delete(row);
    for (const m of this.extraLog.values()) m.delete(row);
    this.hasLog.set(row, 0);
  }

  private put(c: Column, row: number, v: unknown, same: unknown): void {
    if (v === undefined) {
      c.tag(row, ABSENT);
      return;
    }
    if (c.spec.same !== undefined && v === same) {
      c.tag(row, SAME);
      return;
    }
    const k = c.spec.kind;
    let ok = false;
    if (k === 'date') {
      const t = isoMs(v);
      if ((ok = !Number.isNaN(t))) c.setNum(row, t);
    } else if (k === 'int') {
      if ((ok = typeof v === 'number' && v >= 0 && v <= 0xffff && (v | 0) === v && !Object.is(v, -0))) c.setNum(row, v);
    } else if (k === 'id') {
      const id = typeof v === 'string' ? this.strings.id(v) : 0;
      if ((ok = id > 0)) c.setNum(row, id);
    } else if (k === 'bool') {
      if ((ok = typeof v === 'boolean')) c.setNum(row, v ? 1 : 0);
    } else if (typeof v === 'string') {
      ok = true;
      (c.strs ??= [])[row] = v;
    }
    if (ok) c.tag(row, VALUE);
    else {
      c.tag(row, OTHER);
      (c.other ??= new Map()).set(row, v);
    }
  }

  private cell(c: Column, row: number, out: Record<string, unknown>, from: Record<string, unknown>): void {
    const tag = c.tagOf(row);
    if (tag === ABSENT) return;
    const f = c.spec.field;
    if (tag === SAME) {
      const s = c.spec.same!;
      out[f] = s === '' ? this.keys[row]!.slice((from.companyHandle as string).length + 1) : from[s];
    } else if (tag === OTHER) out[f] = c.other!.get(row);
    else {
      const k = c.spec.kind;
      out[f] =
        k === 'date'
          ? new Date(c.num(row)).toISOString()
          : k === 'id'
            ? this.strings.list[c.num(row)]
            : k === 'bool'
              ? c.num(row) === 1
              : k === 'int'
                ? c.num(row)
                : c.strs![row];
    }
  }

  private materialize(row: number): Job {
    const j: Record<string, unknown> = { key: this.keys[row] };
    for (const c of this.job) this.cell(c, row, j, j);
    if (this.hasLog.get(row)) {
      const l: Record<string, unknown> = {};
      for (const c of this.log) this.cell(c, row, l, j);
      for (const [f, m] of this.extraLog) if (m.has(row)) l[f] = m.get(row);
      j.log = l;
    }
    for (const [f, m] of this.extraJob) if (m.has(row)) j[f] = m.get(row);
    return j as unknown as Job;
  }
}

const JOB_FIELDS = new Set(['key', ...JOB_SPECS.map((s) => s.field)]);
const LOG_FIELDS = new Set(LOG_SPECS.map((s) => s.field));

function extra(m: Map<string, Map<number, unknown>>, field: string): Map<number, unknown> {
  let x = m.get(field);
  if (!x) m.set(field, (x = new Map()));
  return x;
}
