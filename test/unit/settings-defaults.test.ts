// The defaults built without zod (shared/settings-defaults.ts) are what the schema gives for an
// empty settings file, field for field, and each call is a new object.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultSettings } from '../../shared/settings-defaults.ts';
import { settingsSchema } from '../../shared/settings.ts';

test('the defaults are the schema’s defaults, and valid', () => {
  assert.deepEqual(defaultSettings(), settingsSchema.parse({}));
  assert.deepEqual(settingsSchema.parse(defaultSettings()), defaultSettings());
});

test('each call is a new object: changing one leaves the next alone', () => {
  const a = defaultSettings();
  a.companies.push('c|1');
  a.notifications.rules.mutedKinds.push('upload');
  a.polling.activeSeconds = 30;
  assert.deepEqual(defaultSettings(), settingsSchema.parse({}));
});
