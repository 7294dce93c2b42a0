// The preload's second, tiny door: window.ipsJobsFiles.pathForFile turns a dropped or
// picked File into its path on disk (Electron's webUtils.getPathForFile) and nothing more;
// a File without a path (or one webUtils refuses) gives ''. The main side checks the path.
import './helpers/electron-hook.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { contextBridge, webUtils } from './helpers/fake-electron.ts';

await import('../../electron/preload.ts');
const files = contextBridge.exposed.get('ipsJobsFiles') as { pathForFile(f: unknown): string };

test('pathForFile: the path of a file, "" when there is none or webUtils throws; nothing else exposed', () => {
  assert.deepEqual(Object.keys(files), ['pathForFile']);
  assert.equal(files.pathForFile({ path: '/home/me/shoot' }), '/home/me/shoot');
  assert.equal(files.pathForFile({}), '');
  const real = webUtils.getPathForFile;
  webUtils.getPathForFile = () => {
    throw new TypeError('not a File');
  };
  try {
    assert.equal(files.pathForFile('not a file'), '');
  } finally {
    webUtils.getPathForFile = real;
  }
  assert.deepEqual([...contextBridge.exposed.keys()].sort(), ['ipsJobs', 'ipsJobsFiles']);
});
