// Native notifications: title, body and urgency as the rules decided; a click brings
// the window up on that job; nothing when the system has no notifications.
import './helpers/electron-hook.ts';
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { AppNotification } from '../../shared/domain.ts';
import { fake, Notification } from './helpers/fake-electron.ts';
import { tempDir } from '../helpers/tmp.ts';

const { createNotifier, navigationFor } = await import('../../electron/adapters/notifications.ts');
const { createWindowManager } = await import('../../electron/adapters/window.ts');

const failed: AppNotification = {
  id: 'n1',
  kind: 'finished-error',
  title: 'Upload failed',
  body: 'spring-catalog: 3 of 120 files failed',
  jobKey: 'c1\u0000j9',
  urgency: 'critical',
};

beforeEach(() => fake.reset());

test('shows the title, body and urgency the rules decided', () => {
  const notifier = createNotifier({ onClick: () => {} });
  assert.equal(notifier.show(failed), true);
  const n = fake.notifications[0]!;
  assert.equal(n.shown, true);
  assert.equal(n.options.title, 'Upload failed');
  assert.equal(n.options.body, 'spring-catalog: 3 of 120 files failed');
  assert.equal(n.options.urgency, 'critical');
});

test('clicking it opens the window on that job (finished jobs: history view)', () => {
  const windows = createWindowManager({ preload: 'p', statePath: join(tempDir('ips-n-'), 's.json') });
  const notifier = createNotifier({ onClick: (target) => windows.navigate(target) });
  notifier.show(failed);
  assert.equal(fake.windows.length, 0, 'no window before the click');
  fake.notifications[0]!.click();
  const w = fake.windows[0]!;
  assert.equal(w.visible, true);
  assert.deepEqual(w.webContents.sent, [{ channel: 'ips:evt:navigate', payload: { view: 'history', jobKey: 'c1\u0000j9' } }]);
});

test('each kind leads to a sensible view', () => {
  assert.deepEqual(navigationFor({ kind: 'stalled', jobKey: 'k' }), { view: 'active', jobKey: 'k' });
  assert.deepEqual(navigationFor({ kind: 'auth-failed' }), { view: 'settings' });
  assert.deepEqual(navigationFor({ kind: 'summary' }), { view: 'history' });
});

test('nothing is shown where the system has no notifications', () => {
  (Notification as unknown as { supported: boolean }).supported = false;
  const notifier = createNotifier({ onClick: () => {} });
  assert.equal(notifier.show(failed), false);
  assert.equal(fake.notifications.length, 0);
});

const withActions: AppNotification = {
  ...failed,
  actions: [
    { id: 'open-job', label: 'Open job' },
    { id: 'open-log', label: 'Open log' },
  ],
};

test('macOS: Open job and Open log buttons; each opens the window on the job, Open log on its log', () => {
  const windows = createWindowManager({ preload: 'p', statePath: join(tempDir('ips-n-'), 's.json') });
  const notifier = createNotifier({ onClick: (target) => windows.navigate(target), platform: 'darwin' });
  notifier.show(withActions);
  notifier.show(withActions);
  assert.deepEqual(fake.notifications[0]!.options.actions, [
    { type: 'button', text: 'Open job' },
    { type: 'button', text: 'Open log' },
  ]);
  fake.notifications[0]!.action(1);
  const w = fake.windows[0]!;
  assert.equal(w.visible, true);
  assert.deepEqual(w.webContents.sent.at(-1), { channel: 'ips:evt:navigate', payload: { view: 'history', jobKey: 'c1\u0000j9', section: 'log' } });
  fake.notifications[1]!.action(0);
  assert.deepEqual(w.webContents.sent.at(-1), { channel: 'ips:evt:navigate', payload: { view: 'history', jobKey: 'c1\u0000j9' } });
});

test('Windows and Linux: no buttons (Electron shows none there), and a click still opens the job', () => {
  for (const platform of ['win32', 'linux'] as const) {
    fake.reset();
    const windows = createWindowManager({ preload: 'p', statePath: join(tempDir('ips-n-'), 's.json') });
    createNotifier({ onClick: (target) => windows.navigate(target), platform }).show(withActions);
    assert.equal(fake.notifications[0]!.options.actions, undefined);
    fake.notifications[0]!.click();
    assert.deepEqual(fake.windows[0]!.webContents.sent.at(-1)?.payload, { view: 'history', jobKey: 'c1\u0000j9' });
  }
});
