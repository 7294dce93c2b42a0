import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultSettings, resolveLocale, settingsSchema } from '../../shared/settings.ts';

test('defaults: demo account, sensible polling, started notifications off', () => {
  const s = defaultSettings();
  assert.deepEqual(s.accounts, [], 'no account: the demo');
  assert.equal(s.polling.activeSeconds, 10);
  assert.equal(s.notifications.started, false);
  assert.equal(s.historyDays, 30);
});

test('bad settings are rejected with a reason, not silently accepted', () => {
  const r = settingsSchema.safeParse({ polling: { activeSeconds: 60, idleSeconds: 10 } });
  assert.equal(r.success, false);
});

test('system language resolves Traditional Chinese regions to zh-TW', () => {
  assert.equal(resolveLocale('system', ['zh-HK']), 'zh-TW');
  assert.equal(resolveLocale('system', ['zh_CN']), 'zh-CN');
  assert.equal(resolveLocale('system', ['fr-FR']), 'en');
  assert.equal(resolveLocale('zh-TW', ['en-US']), 'zh-TW');
});
