// The history list's sorting and filtering (renderer/src/lib/history-query.ts, history-filter.ts): the
// order a user sees is the collator's, and typing narrows earlier results instead of
// scanning every row again.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HistorySorter, StepSort, collationRanks, sortRowsAscending } from '../../renderer/src/lib/history-query.ts';
import { HistoryFilter, indexHits, matches, type HistoryCriteria } from '../../renderer/src/lib/history-filter.ts';
import type { HistoryRow } from '../../renderer/src/lib/jobs.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const STEMS = [
  'nightly-publish',
  'Image Serving publish',
  'spring-catalog-publish',
  '首页横幅發佈',
  '图像服务发布',
  'Room scenes publish',
  'café images',
  'Ürün',
  'render_publish',
  'Print templates publish',
];

function makeRows(n: number, seed = 1): HistoryRow[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const stem = STEMS[Math.floor(r() * STEMS.length)]!;
    const name = r() < 0.6 ? `${stem}-${String(Math.floor(r() * 10000)).padStart(4, '0')}` : stem;
    const company = r() < 0.3 ? 'c|2' : 'c|1';
    return {
      job: {} as HistoryRow['job'],
      key: `${company}/j${i}`,
      name,
      search: `${name}\u0000orig-${i}`.toLowerCase(),
      type: r() < 0.5 ? 'ImageServingPublishJob' : 'UploadDirectoryJob',
      company,
      start: 1_700_000_000_000 + Math.floor(r() * 30) * 86_400_000,
      duration: Math.floor(r() * 5000),
      total: Math.floor(r() * 50),
      success: 0,
      warning: Math.floor(r() * 3),
      error: Math.floor(r() * 2),
      duplicate: 0,
      outcome: (['success', 'warning', 'error', 'stopped'] as const)[Math.floor(r() * 4)]!,
      submitter: r() < 0.5 ? 'me@example.com' : 'other@example.com',
    } as HistoryRow;
  });
}

const ALL: HistoryCriteria = { query: '', lo: -Infinity, hi: Infinity, outcome: '', type: '', company: '', me: '' };

describe('collation ranks', () => {
  test('ranks follow the collator; equal names share a rank', () => {
    const coll = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
    const values = ['job-10', 'job-9', 'JOB-9', '首页横幅發佈', 'café', 'cafe', 'Zeta', 'alpha', '图像服务发布', 'job-010'];
    const ranks = collationRanks(values);
    for (let i = 0; i < values.length; i++) {
      for (let j = 0; j < values.length; j++) {
        assert.equal(Math.sign(ranks[i]! - ranks[j]!), Math.sign(coll.compare(values[i]!, values[j]!)), `${values[i]} vs ${values[j]}`);
      }
    }
  });
});

describe('sorting', () => {
  test('by name: the same order as sorting with Intl.Collator per comparison, ties in list order', () => {
    const rows = makeRows(3000);
    const coll = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
    const expected = rows.slice().sort((a, b) => coll.compare(a.name, b.name));
    assert.deepEqual(
      sortRowsAscending(rows, 'name', (h) => h).map((r) => r.key),
      expected.map((r) => r.key),
    );
  });

  test('by company name and by numbers', () => {
    const rows = makeRows(500);
    const names: Record<string, string> = { 'c|1': 'Zeta Corp', 'c|2': 'acme' };
    const byCompany = sortRowsAscending(rows, 'company', (h) => names[h] ?? h);
    assert.equal(byCompany[0]!.company, 'c|2', 'acme before Zeta Corp, case ignored');
    assert.deepEqual(
      byCompany.map((r) => r.key),
      rows
        .slice()
        .sort((a, b) => (a.company === b.company ? 0 : a.company === 'c|2' ? -1 : 1))
        .map((r) => r.key),
    );
    const byErrors = sortRowsAscending(rows, 'error', (h) => h);
    assert.deepEqual(
      byErrors.map((r) => r.key),
      rows
        .slice()
        .sort((a, b) => a.error - b.error)
        .map((r) => r.key),
    );
    const byOutcome = sortRowsAscending(rows, 'outcome', (h) => h);
    assert.equal(byOutcome[0]!.outcome, 'error');
    assert.equal(byOutcome.at(-1)!.outcome, 'success');
  });

  test('a sorter keeps each column until the rows change; descending is the reverse', () => {
    const rows = makeRows(1000);
    const s = new HistorySorter();
    const asc = s.sorted(rows, 'name', false, (h) => h);
    assert.equal(
      s.sorted(rows, 'name', false, (h) => h),
      asc,
      'the same order again without sorting',
    );
    assert.deepEqual(
      s.sorted(rows, 'name', true, (h) => h),
      asc.slice().reverse(),
    );
    const s2 = new HistorySorter();
    assert.equal(s2.has(rows, 'name'), false);
    s2.prepare(rows, 'name', (h) => h);
    assert.equal(s2.has(rows, 'name'), true, 'prepared ahead of the click');
    assert.deepEqual(
      s2.sorted(rows, 'name', false, (h) => h),
      asc,
    );
    const v1 = new Map([['c|1', 'Zeta']]);
    s2.prepare(rows, 'company', (h) => v1.get(h) ?? h, v1);
    assert.equal(s2.has(rows, 'company', v1), true);
    assert.equal(s2.has(rows, 'company', new Map(v1)), false, 'renamed companies are sorted again');
    const next = [...rows, ...makeRows(1, 9)];
    assert.equal(s.sorted(next, 'name', false, (h) => h).length, 1001, 'new rows are sorted in');
  });

  test('ordered in idle steps: the same order as sorting at once, ties in list order', () => {
    // Names no other test used, so they are compared here for the first time.
    const rows = makeRows(4000, 11).map((r) => ({ ...r, name: `step ${r.name}` }));
    const names: Record<string, string> = { 'c|1': 'Zeta Corp', 'c|2': 'acme' };
    const companyName = (h: string) => names[h] ?? h;
    const s = new HistorySorter();
    for (const key of ['name', 'type', 'company'] as const) {
      let steps = 0;
      let budget = 0;
      // A tiny budget per call: the work is spread over many calls, as over idle slices.
      while (!s.prepareStep(rows, key, companyName, names, () => budget-- > 0)) {
        budget = 3;
        steps++;
      }
      if (key === 'name') assert.ok(steps > 10, `${key}: done in ${steps} steps`);
      assert.equal(s.has(rows, key, names), true);
      assert.deepEqual(
        s.sorted(rows, key, false, companyName, names).map((r) => r.key),
        sortRowsAscending(rows, key, companyName).map((r) => r.key),
        key,
      );
    }
    // Clicked half-way: the click finishes the work and gets the same order.
    const half = new HistorySorter();
    const other = rows.map((r) => ({ ...r, name: `half ${r.name}` }));
    let budget = 50;
    assert.equal(
      half.prepareStep(other, 'name', companyName, names, () => budget-- > 0),
      false,
    );
    const coll = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
    assert.deepEqual(
      half.sorted(other, 'name', true, companyName, names).map((r) => r.key),
      other
        .slice()
        .sort((a, b) => coll.compare(a.name, b.name))
        .reverse()
        .map((r) => r.key),
    );
  });

  test('history that grows and shrinks: the same order as a fresh sort with the collator', () => {
    const coll = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
    const bySort = (rows: HistoryRow[]) =>
      rows
        .slice()
        .sort((a, b) => coll.compare(a.name, b.name))
        .map((r) => r.key);
    let rows = makeRows(3000, 21).map((r) => ({ ...r, name: `grow ${r.name}` }));
    assert.deepEqual(
      sortRowsAscending(rows, 'name', (h) => h).map((r) => r.key),
      bySort(rows),
    );
    for (let round = 0; round < 4; round++) {
      // A chunk of older history, jobs that finished, a few rows gone; some names new, some
      // equal to known ones but for case ("GROW …"), some exactly known.
      const more = makeRows(400, 30 + round).map((r, i) => ({
        ...r,
        key: `${r.key}-r${round}`,
        name: i % 3 === 0 ? `grow new ${round} ${r.name}` : i % 3 === 1 ? `GROW ${r.name}` : rows[i]!.name,
      }));
      rows = [...rows.filter((_, i) => i % 17 !== round), ...more];
      assert.deepEqual(
        sortRowsAscending(rows, 'name', (h) => h).map((r) => r.key),
        bySort(rows),
        `round ${round}`,
      );
    }
  });

  test('a step sort is a stable sort', () => {
    for (const n of [0, 1, 2, 7, 1000, 1025]) {
      const v = Array.from({ length: n }, (_, i) => (i * 7919) % 13);
      const st = new StepSort(n, (x, y) => v[x]! - v[y]!);
      let budget = 0;
      while (!st.run(() => budget-- > 0)) budget = 1;
      const want = v.map((_, i) => i).sort((x, y) => v[x]! - v[y]! || x - y);
      assert.deepEqual([...st.order], want, `n = ${n}`);
    }
  });

  test('50,000 rows: names are ranked once, then ordered by rank', () => {
    const rows = makeRows(50_000, 3);
    const t0 = performance.now();
    const out = sortRowsAscending(rows, 'name', (h) => h);
    console.log(`# sort by name, 50,000 rows: ${Math.round(performance.now() - t0)} ms (timing printed, not asserted)`);
    assert.equal(out.length, 50_000);
    const coll = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
    for (let i = 1; i < out.length; i += 97) assert.ok(coll.compare(out[i - 1]!.name, out[i]!.name) <= 0);
  });
});

describe('filtering while typing', () => {
  test('each keystroke narrows the previous result and finds what a full scan finds', () => {
    const rows = makeRows(20_000);
    const f = new HistoryFilter();
    const word = 'nightly-publish-00';
    let prevScanned = Infinity;
    for (let i = 1; i <= word.length; i++) {
      const q = word.slice(0, i);
      const got = f.filter(rows, { ...ALL, query: q });
      assert.deepEqual(
        got,
        rows.filter((r) => r.search.includes(q)),
        `query ${q}`,
      );
      if (i > 1) assert.ok(f.scanned <= prevScanned, `"${q}" looked at ${f.scanned} rows, no more than before`);
      prevScanned = f.scanned;
    }
    assert.ok(f.scanned < rows.length / 5, `the last keystroke looked at ${f.scanned} of ${rows.length} rows`);
  });

  test('deleting characters brings back the earlier result without scanning', () => {
    const rows = makeRows(5000);
    const f = new HistoryFilter();
    const a = f.filter(rows, { ...ALL, query: 'room' });
    f.filter(rows, { ...ALL, query: 'roomx' });
    assert.equal(f.filter(rows, { ...ALL, query: 'room' }), a);
    assert.equal(f.scanned, 0);
    assert.equal(f.filter(rows, ALL), rows, 'no filter: the sorted list itself');
  });

  test('other filters combine with the query; changing them or the rows starts afresh', () => {
    const rows = makeRows(5000);
    const f = new HistoryFilter();
    const c: HistoryCriteria = { ...ALL, query: 'publish', outcome: 'error', me: 'me@example.com', company: 'c|1' };
    const got = f.filter(rows, c);
    assert.ok(got.length > 0);
    assert.ok(got.every((r) => r.search.includes('publish') && r.outcome === 'error' && r.submitter === 'me@example.com' && r.company === 'c|1'));
    const warn = f.filter(rows, { ...c, outcome: 'warning' });
    assert.ok(warn.length > 0 && warn.every((r) => r.outcome === 'warning'), 'a changed outcome is not served from the error rows');
    const lo = rows[0]!.start;
    const day = f.filter(rows, { ...ALL, lo, hi: lo + 86_400_000 });
    assert.deepEqual(
      day,
      rows.filter((r) => r.start >= lo && r.start < lo + 86_400_000),
    );
    const more = [...rows, ...makeRows(10, 5)];
    assert.equal(f.filter(more, { ...ALL, query: 'publish' }).length, more.filter((r) => r.search.includes('publish')).length);
  });

  test('jobs found by their log details join in list order; an index update keeps the narrowing', () => {
    const rows = makeRows(5000, 7);
    const index = new Map<string, string>();
    // Log-detail texts for every 7th job: some hold "room" only there.
    for (let i = 0; i < rows.length; i += 7) index.set(rows[i]!.key, i % 2 ? `asset room-${i}.jpg` : `error: no space left ${i}`);
    const f = new HistoryFilter();
    const word = 'room-1';
    for (let version = 1; version <= 3; version++) {
      for (let i = 1; i <= word.length; i++) {
        const q = word.slice(0, i);
        const c: HistoryCriteria = { ...ALL, query: q, indexHits: indexHits(index, q), indexVersion: version };
        const got = f.filter(rows, c);
        assert.deepEqual(
          got.map((r) => r.key),
          rows.filter((r) => matches(r, c)).map((r) => r.key),
          `"${q}", index version ${version}: what a full scan finds, in list order`,
        );
        if (version > 1) assert.equal(f.scanned, 0, `"${q}": the rows matched by their own text are kept across index updates`);
      }
      // The core read more details: more jobs are found through the index.
      for (let i = 3; i < rows.length; i += 11) index.set(rows[i]!.key, `asset room-1${i}.tif`);
    }
    const withOutcome: HistoryCriteria = { ...ALL, query: 'room-1', outcome: 'error', indexHits: indexHits(index, 'room-1'), indexVersion: 4 };
    assert.deepEqual(
      f.filter(rows, withOutcome).map((r) => r.key),
      rows.filter((r) => matches(r, withOutcome)).map((r) => r.key),
      'index hits pass the other filters too',
    );
  });

  test('"My jobs" with several accounts: each job by its own account\'s user', () => {
    const base = makeRows(4);
    const rows = [
      { ...base[0]!, key: 'prod/1', job: { account: 'Production' } as HistoryRow['job'], submitter: 'me@example.com' },
      { ...base[1]!, key: 'stage/1', job: { account: 'Staging' } as HistoryRow['job'], submitter: 'ops@example.com' },
      { ...base[2]!, key: 'stage/2', job: { account: 'Staging' } as HistoryRow['job'], submitter: 'me@example.com' },
      { ...base[3]!, key: 'demo/1', job: {} as HistoryRow['job'], submitter: 'me@example.com' },
    ];
    const f = new HistoryFilter();
    const mine = f.filter(rows, { ...ALL, me: 'me@example.com', meByAccount: { Production: 'me@example.com', Staging: 'ops@example.com' } });
    assert.deepEqual(
      mine.map((r) => r.key),
      ['prod/1', 'stage/1', 'demo/1'],
      "Staging's user's job is mine there; the first account's user's job on Staging is not",
    );
    const again = f.filter(rows, { ...ALL, me: 'me@example.com', meByAccount: { Production: 'me@example.com', Staging: 'me@example.com' } });
    assert.deepEqual(
      again.map((r) => r.key),
      ['prod/1', 'stage/2', 'demo/1'],
      'another user for an account is not served from the kept result',
    );
  });
});
