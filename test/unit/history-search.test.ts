// The one search rule of the window and the CLI (shared/history-search.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { INDEX_TEXT_MAX, destinationOf, indexTextOf, matchesQuery, matchesSubmitter, normalizeQuery, ownSearchText } from '../../shared/history-search.ts';
import type { JobLogDetail } from '../../shared/domain.ts';

test('a query matches the name, original name, submitter or destination, case-insensitively, never across two fields', () => {
  const own = ownSearchText({ name: 'Spring Catalog', originalName: 'spring-catalog', submitter: 'Ann@Example.com', destination: 'Acme/新品/' });
  for (const q of ['catalog', 'SPRING-', 'ann@example', 'acme/新品', '  Spring  ']) assert.ok(matchesQuery(own, undefined, normalizeQuery(q)), q);
  assert.ok(!matchesQuery(own, undefined, normalizeQuery('catalogspring')));
  assert.ok(!matchesQuery(own, undefined, 'com acme'));
  assert.ok(matchesQuery(own, undefined, ''), 'an empty query matches everything');
});

test('a query matches the indexed log text too; a longer query never matches more (narrowing is safe)', () => {
  const idx = indexTextOf([
    {
      logMessage: 'hero.jpg could not be processed',
      logType: 'UploadError',
      assetName: 'hero',
      auxArray: [{ logMessage: 'Unsupported CMYK profile', logType: 'UploadError' }],
    },
    { logMessage: 'a.jpg was processed successfully', logType: 'UploadSuccess', assetName: 'banner-01' },
  ]);
  const own = ownSearchText({ name: 'ingest' });
  assert.ok(matchesQuery(own, idx, 'cmyk profile'));
  assert.ok(matchesQuery(own, idx, 'banner-01'), 'asset names of every row');
  assert.ok(!matchesQuery(own, idx, 'processed successfully'), 'texts of success rows are not indexed');
  const qs = ['c', 'cm', 'cmy', 'cmyk', 'cmykx'];
  for (let i = 1; i < qs.length; i++) if (matchesQuery(own, idx, qs[i]!)) assert.ok(matchesQuery(own, idx, qs[i - 1]!));
});

test('the index of a huge log stays bounded and keeps errors before warnings before asset names', () => {
  const rows: JobLogDetail[] = [];
  for (let i = 0; i < 20_000; i++) rows.push({ logMessage: `file-${i}.tif was processed`, logType: 'UploadSuccess', assetName: `asset-${i}` });
  rows.push({ logMessage: 'Color profile assumed sRGB', logType: 'UploadWarning', assetName: 'warned' });
  rows.push({ logMessage: 'Disk quota exceeded', logType: 'FatalError' });
  const idx = indexTextOf(rows);
  assert.ok(idx.length <= INDEX_TEXT_MAX, `${idx.length} chars`);
  assert.ok(idx.startsWith('disk quota exceeded\u0000color profile assumed srgb\u0000warned\u0000asset-0'), idx.slice(0, 80));
  assert.equal(indexTextOf(rows, 100).length <= 100, true);
  assert.equal(
    indexTextOf([
      { logMessage: 'x', logType: 'UploadError' },
      { logMessage: 'X', logType: 'UploadError' },
    ]),
    'x',
    'each piece once',
  );
});

test('submitter filter: one e-mail, any case; empty = everyone', () => {
  assert.ok(matchesSubmitter('Ann@Example.com', ' ann@example.COM '));
  assert.ok(!matchesSubmitter('ann@example.com', 'bob@example.com'));
  assert.ok(!matchesSubmitter(undefined, 'bob@example.com'));
  assert.ok(matchesSubmitter(undefined, ''));
});

test('destination: the job detail’s destFolder, else the folder its URL uploads share', () => {
  assert.equal(destinationOf({ uploadDirectoryJob: { destFolder: ' Acme/incoming/ ', serverDir: 'ftp' } }), 'Acme/incoming/');
  const urls = (paths: string[]) => ({ uploadUrlsJob: { urlArray: { items: paths.map((destPath) => ({ sourceUrl: 'https://x/y', destPath })) } } });
  assert.equal(destinationOf(urls(['Acme/web/a.jpg', 'Acme/web/b.jpg'])), 'Acme/web/');
  assert.equal(destinationOf(urls(['Acme/web/a.jpg', 'Acme/web/sub/b.jpg', 'Acme/web2/c.jpg'])), 'Acme/');
  assert.equal(destinationOf(urls(['a.jpg'])), undefined);
  assert.equal(destinationOf({ uploadUrlsJob: { urlArray: { items: { sourceUrl: 'u', destPath: 'Co/one/x.png' } } } }), 'Co/one/', 'a single item as a record');
  assert.equal(destinationOf({ imageServingPublishJob: { emailSetting: 'None' } }), undefined);
  assert.equal(destinationOf({}), undefined);
});
