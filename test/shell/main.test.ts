// electron/main.ts itself: app:// is registered before ready, and a second launch (the
// single-instance lock is taken) quits at once without a tray or a core of its own.
import './helpers/electron-hook.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { app, fake, protocol } from './helpers/fake-electron.ts';

test('a second instance registers app:// and leaves without starting anything', async () => {
  fake.reset();
  app.singleInstance = false;
  await import('../../electron/main.ts');
  await new Promise((r) => setImmediate(r));
  assert.equal(app.quitCalls, 1);
  assert.deepEqual(protocol.privileged, [{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  assert.equal(fake.trays.length, 0);
  assert.equal(fake.windows.length, 0);
  assert.equal(protocol.handlers.size, 0);
});
