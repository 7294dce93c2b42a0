// The core's search index (electron/core/search-index.ts): bounded per job and in all, oldest
// dropped first, later pages add to a job's text; saved filters in the settings schema.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSearchIndex } from '../../electron/core/search-index.ts';
import { parseSettingsLenient } from '../../electron/core/stores.ts';
import { INDEX_TEXT_MAX } from '../../shared/history-search.ts';
import { settingsSchema } from '../../shared/settings.ts';
import type { JobLogDetail } from '../../shared/domain.ts';

const rows = (prefix: string, n: number): JobLogDetail[] =>
  Array.from({ length: n }, (_, i) => ({ logMessage: `${prefix} failure ${i}`, logType: 'UploadError', assetName: `${prefix}-asset-${i}` }));

test('each job keeps at most INDEX_TEXT_MAX characters; the index drops the jobs indexed longest ago past its bound', () => {
  const idx = createSearchIndex({ maxChars: 3 * INDEX_TEXT_MAX });
  for (let j = 0; j < 10; j++) idx.add(`k${j}`, rows(`job${j}`, 2000));
  const { jobs, chars } = idx.size();
  assert.ok(chars <= 3 * INDEX_TEXT_MAX, `${chars} chars held`);
  assert.ok(jobs >= 2 && jobs <= 3, `${jobs} jobs kept`);
  assert.ok(idx.has('k9') && !idx.has('k0'), 'the newest stay, the oldest go');
  for (const e of idx.entries()) assert.ok(e.text.length <= INDEX_TEXT_MAX);
});

test('page 1 replaces a job’s text, later pages add to it; an unchanged text is no change', () => {
  const idx = createSearchIndex();
  assert.ok(idx.add('k', [{ logMessage: 'Disk full', logType: 'FatalError' }]));
  assert.equal(idx.add('k', [{ logMessage: 'Disk full', logType: 'FatalError' }]), undefined, 'same text: nothing to send');
  const more = idx.add('k', [{ logMessage: 'hero.psd', logType: 'UploadWarning', assetName: 'hero' }], 2);
  assert.equal(more?.text, 'disk full\u0000hero.psd\u0000hero');
  idx.add('k', [{ logMessage: 'Other', logType: 'UploadError' }], 1);
  assert.equal(idx.get('k'), 'other');
  idx.clear();
  assert.deepEqual(idx.size(), { jobs: 0, chars: 0 });
});

test('saved filters: defaults filled, bad entries refused, and a corrupt stored entry loses only itself', () => {
  const s = settingsSchema.parse({ savedFilters: [{ name: ' Failed uploads ', outcome: 'error', query: 'upload' }] });
  assert.deepEqual(s.savedFilters[0], {
    name: 'Failed uploads',
    query: 'upload',
    range: 'all',
    from: '',
    to: '',
    outcome: 'error',
    type: '',
    company: '',
    mine: false,
    submitter: '',
    destination: '',
    sortKey: 'start',
    sortDesc: true,
  });
  assert.equal(settingsSchema.safeParse({ savedFilters: [{ name: '' }] }).success, false);
  assert.equal(settingsSchema.safeParse({ savedFilters: [{ name: 'a' }, { name: 'a' }] }).success, false, 'names differ');
  assert.equal(settingsSchema.safeParse({ savedFilters: [{ name: 'a', sortKey: 'nope' }] }).success, false);

  const { settings, partial } = parseSettingsLenient({
    schemaVersion: 1,
    theme: 'dark',
    historyDays: 12,
    savedFilters: [{ name: 'good', query: 'x' }, { name: 'bad', range: 'yesterday' }, 'junk', { name: 'also good' }],
  });
  assert.equal(partial, true);
  assert.equal(settings.theme, 'dark');
  assert.equal(settings.historyDays, 12);
  assert.deepEqual(
    settings.savedFilters.map((f) => f.name),
    ['good', 'also good'],
  );
});
