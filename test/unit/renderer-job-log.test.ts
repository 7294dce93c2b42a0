// The detail dialog's job-log rules (renderer/src/lib/job-log.ts): counts, filter, the
// "why" row and the filter a failed job opens on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { JobLogDetail } from '../../shared/domain.ts';
import { filterRows, initialFilter, severityCounts, whyRow } from '../../renderer/src/lib/job-log.ts';

const row = (logType: string, logMessage: string, extra: Partial<JobLogDetail> = {}): JobLogDetail =>
  ({ logType, logMessage, dateCreated: '2026-11-30T10:00:00.000Z', ...extra }) as JobLogDetail;

const rows = [
  row('BeginJob', 'started'),
  row('FileSuccess', 'a.jpg uploaded', { assetName: 'a.jpg' }),
  row('FileWarning', 'b.jpg: low resolution', { assetName: 'b.jpg' }),
  row('FileError', 'c.psd: unsupported', {
    assetName: 'c.psd',
    auxArray: [{ logType: 'Info', logMessage: 'layer 3' }] as NonNullable<JobLogDetail['auxArray']>,
  }),
  row('DuplicateSkipped', 'd.jpg exists'),
  row('EndJob', 'done'),
];

test('counts errors, warnings and duplicates as History does: a skipped duplicate or a cancelled file is no warning', () => {
  const withCancel = [...rows, row('FileCancel', 'e.jpg not reached')];
  assert.deepEqual(severityCounts(withCancel), { error: 1, warning: 1, duplicate: 1 });
  assert.deepEqual(
    filterRows(rows, 'error').map((d) => d.assetName),
    ['c.psd'],
  );
  assert.deepEqual(
    filterRows(withCancel, 'warning').map((d) => d.assetName),
    ['b.jpg'],
  );
  assert.equal(filterRows(rows, 'duplicate')[0]?.logMessage, 'd.jpg exists');
  assert.equal(filterRows(rows, 'all'), rows);
});

test('a failed job answers "why" with its first error and opens on errors; a warned job on warnings', () => {
  assert.equal(whyRow('error', rows)?.assetName, 'c.psd');
  assert.equal(initialFilter('error', rows), 'error');
  const warned = rows.filter((d) => d.logType !== 'FileError');
  assert.equal(whyRow('warning', warned)?.assetName, 'b.jpg');
  assert.equal(initialFilter('warning', rows), 'warning');
  assert.equal(whyRow('success', rows), undefined);
  assert.equal(initialFilter('success', rows), 'all');
  assert.equal(initialFilter(undefined, rows), 'all');
  // A failed job whose page has no error rows falls back to its warnings, then to all.
  const onlyWarn = rows.filter((d) => d.logType !== 'FileError');
  assert.equal(initialFilter('error', onlyWarn), 'warning');
  assert.equal(initialFilter('error', [rows[0]!]), 'all');
});
