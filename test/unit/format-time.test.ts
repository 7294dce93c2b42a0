// One date-time formatter for the window and the CLI (shared/format-time.ts): the same
// moment reads the same in both, 12-hour times have no leading zero, the zone is named where
// it matters; durations never render empty and read naturally in Chinese; sizes have units.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes, formatDateTime } from '../../shared/format-time.ts';
import { formatDateTimeLong, formatDateTimeShort, formatDuration, formatSize } from '../../renderer/src/lib/format.ts';
import { formatter } from '../../electron/cli/format.ts';
import { cliLocale } from '../../electron/cli/locale.ts';

const AT = '2026-11-22T01:05:03.000Z';

test('12-hour times without a leading zero, 24-hour times with two digits, the zone where it matters', () => {
  assert.equal(formatDateTime('en', AT, 'table', { timeZone: 'UTC' }), '11/22/26, 1:05 AM');
  assert.equal(formatDateTime('en', AT, 'long', { timeZone: 'UTC' }), 'Nov 22, 2026, 1:05:03 AM UTC');
  assert.equal(formatDateTime('zh-CN', AT, 'table', { timeZone: 'UTC' }), '2026/11/22 01:05');
  assert.match(formatDateTime('zh-CN', AT, 'long', { timeZone: 'UTC' }), /UTC/);
  assert.match(formatDateTime('zh-TW', AT, 'time', { timeZone: 'UTC' }), /^[^0-9]+1:05$/);
  assert.equal(formatDateTime('en', 'not a date', 'table', { fallback: '—' }), '—');
});

test('the window and the CLI print the same moment the same way', () => {
  for (const [app, intl] of [
    ['en', 'en'],
    ['zh-CN', 'zh-CN'],
    ['zh-TW', 'zh-TW'],
  ] as const) {
    const cli = formatter(cliLocale(intl));
    assert.equal(cli.dateLong(AT), formatDateTimeLong(app, AT), `${app}: detail view = ips-jobs log`);
    const [date] = formatDateTimeShort(app, AT).split(/,?\s/);
    assert.ok(cli.date(AT).startsWith(date!), `${app}: History and the CLI's tables write the date alike (${date})`);
  }
  const en = formatter(cliLocale('en'), 'UTC');
  assert.equal(en.date(AT), '11/22/26, 1:05:03 AM', 'no "01:05:03 AM"');
  assert.equal(formatter(cliLocale('zh-CN'), 'UTC').date('2026-12-01T09:05:03Z'), '2026/12/01 09:05:03', 'a padded column in the terminal');
  assert.equal(formatDateTime('en', '2026-12-01T21:05:00Z', 'table', { timeZone: 'UTC' }), '12/01/26, 9:05 PM');
});

test('durations: 0 s is "0s", not blank; Chinese without odd spaces', () => {
  assert.equal(formatDuration('en', 0), '0s');
  assert.equal(formatDuration('en', 65_000), '1m 5s');
  assert.equal(formatDuration('zh-TW', 3_900_000), '1小時5分鐘');
  assert.equal(formatDuration('zh-CN', 3_900_000), '1小时5分钟');
  assert.doesNotMatch(formatDuration('zh-TW', 0), /^\s*$/);
});

test('sizes with units', () => {
  assert.equal(formatBytes('en', 950), '950 bytes');
  assert.equal(formatBytes('en', 123_187_693), '123 MB');
  assert.equal(formatBytes('en', 1_234), '1.2 kB');
  assert.equal(formatBytes('en', 5_400_000_000), '5.4 GB');
  assert.equal(formatSize('en', 123_187_693), '123 MB');
  assert.equal(formatSize('en', '12 items'), '12 items', 'a non-number is shown as IPS sent it');
});
