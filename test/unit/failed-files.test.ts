// Which files of an upload failed, from its log's error rows: the message's path, the
// target, the asset name (no extension, no folder), Chinese and decomposed names, folders
// that share file names, and rows that name nothing of the upload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { failedFilesOf } from '../../electron/core/transfers/failed-files.ts';

const upload = {
  destFolder: 'ExampleCo/shoot/',
  files: [
    { target: 'shoot/a.jpg' },
    { target: 'shoot/dark-red.jpg' },
    { target: 'shoot/red.jpg' },
    { target: 'shoot/sub/红色.jpg' },
    { target: 'shoot/left/1.jpg' },
    { target: 'shoot/right/1.jpg' },
    { target: 'shoot/Notes.PDF' },
  ],
};

test('the message path names the file, with its folder; a longer name never matches a shorter one', () => {
  const r = failedFilesOf(upload, [
    { logMessage: 'ExampleCo/shoot/shoot/red.jpg could not be processed', assetName: 'red' },
    { logMessage: 'ExampleCo/shoot/shoot/left/1.jpg could not be processed', assetName: '1' },
  ]);
  assert.deepEqual(r, { files: [2, 4], unmatched: [] });
});

test('Chinese names in a Chinese message, and a decomposed (macOS) name against a composed log', () => {
  const r = failedFilesOf(upload, [{ logMessage: 'ExampleCo/shoot/shoot/sub/红色.jpg 无法处理', assetName: '红色' }]);
  assert.deepEqual(r.files, [3]);
  const nfd = { destFolder: 'ExampleCo/', files: [{ target: 'Café.jpg'.normalize('NFD') }, { target: 'Cafe.jpg' }] };
  assert.deepEqual(failedFilesOf(nfd, [{ logMessage: '「ExampleCo/Café.jpg」無法處理'.normalize('NFC'), assetName: 'Café' }]).files, [0]);
});

test('only the asset name: the file without its extension; files that tie in two folders are both taken', () => {
  assert.deepEqual(failedFilesOf(upload, [{ logMessage: 'The file is corrupt', assetName: 'dark-red' }]).files, [1]);
  assert.deepEqual(failedFilesOf(upload, [{ logMessage: 'The file is corrupt', assetName: '1' }]).files, [4, 5]);
  // Case only differs: the case-insensitive fallback.
  assert.deepEqual(failedFilesOf(upload, [{ logMessage: 'Unsupported', assetName: 'notes' }]).files, [6]);
});

test('the bare file name in a message that carries another folder (IPS moved the asset)', () => {
  assert.deepEqual(failedFilesOf(upload, [{ logMessage: "Cannot read 'elsewhere/dark-red.jpg'." }]).files, [1]);
  // red.jpg inside dark-red.jpg or red.jpg.bak is no match.
  assert.deepEqual(failedFilesOf(upload, [{ logMessage: 'Cannot read red.jpg.bak' }]), { files: [], unmatched: ['Cannot read red.jpg.bak'] });
});

test('rows that name no file of the upload are returned as unmatched; a file named twice counts once', () => {
  const r = failedFilesOf(upload, [
    { logMessage: 'ExampleCo/shoot/shoot/a.jpg could not be processed', assetName: 'a' },
    { logMessage: 'a.jpg: second error', assetName: 'a' },
    { logMessage: 'Disk full on the server' },
    { logMessage: 'x could not be processed', assetName: 'zebra' },
  ]);
  assert.deepEqual(r, { files: [0], unmatched: ['Disk full on the server', 'zebra'] });
});

test('Windows separators in the log and a destination without its slash', () => {
  const r = failedFilesOf({ destFolder: 'Co/in', files: [{ target: 'x/y.png' }, { target: 'y.png' }] }, [{ logMessage: 'Co\\in\\x\\y.png failed' }]);
  assert.deepEqual(r.files, [0]);
});
