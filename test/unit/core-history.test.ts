import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createFileHistoryStore, createMemoryHistoryStore } from '../../electron/core/history.ts';
import type { PersistedHistory } from '../../electron/core/types.ts';
import { tempDir } from '../helpers/tmp.ts';

const H: PersistedHistory = { version: 1, savedAt: '2024-05-02T09:00:00.000Z', jobs: [], notified: ['fin:x'] };

test('file store: round trip, atomic (no temp files left), missing file → undefined', async () => {
  const dir = tempDir('hist-');
  try {
    const path = join(dir, 'sub', 'history.json');
    const store = createFileHistoryStore(path);
    assert.equal(await store.load(), undefined);
    await Promise.all([store.save(H), store.save({ ...H, notified: ['fin:y'] })]);
    assert.deepEqual((await store.load())?.notified, ['fin:y']);
    assert.deepEqual(await readdir(join(dir, 'sub')), ['history.json']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('file store: a corrupt file is moved aside and an empty history returned', async () => {
  const dir = tempDir('hist-');
  try {
    const path = join(dir, 'history.json');
    for (const junk of ['{"version":1,"jobs":[', 'null', '{"version":2,"jobs":[],"notified":[]}', '\u0000\u0001']) {
      await writeFile(path, junk);
      const store = createFileHistoryStore(path);
      assert.equal(await store.load(), undefined);
    }
    const files = (await readdir(dir)).sort();
    assert.ok(files.includes('history.json.corrupt'));
    assert.equal(files.filter((f) => f.endsWith('.corrupt')).length, 4);
    assert.equal(await readFile(join(dir, 'history.json.corrupt'), 'utf8'), '{"version":1,"jobs":[');
    // Saving afterwards works.
    await createFileHistoryStore(path).save(H);
    assert.deepEqual(await createFileHistoryStore(path).load(), H);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('memory store copies', async () => {
  const m = createMemoryHistoryStore();
  await m.save(H);
  const got = await m.load();
  got!.notified.push('z');
  assert.deepEqual((await m.load())!.notified, ['fin:x']);
  assert.equal(m.saves, 1);
});
