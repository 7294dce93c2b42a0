// Every message exists in English, Simplified and Traditional Chinese, with the same
// placeholders, and parses as ICU MessageFormat in its own locale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { catalogs, t } from '../../shared/i18n/index.ts';
import { LOCALES } from '../../shared/settings.ts';

function placeholders(elements: MessageFormatElement[], out = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
    if ('value' in el && typeof el.value === 'string') out.add(el.value);
    if ('options' in el) for (const opt of Object.values(el.options)) placeholders(opt.value, out);
    if (el.type === TYPE.tag) placeholders(el.children, out);
  }
  return out;
}

test('every key is translated into every locale', () => {
  const en = Object.keys(catalogs.en).sort();
  for (const locale of LOCALES) {
    const keys = Object.keys(catalogs[locale]).sort();
    const missing = en.filter((k) => !(k in catalogs[locale]));
    const extra = keys.filter((k) => !(k in catalogs.en));
    assert.deepEqual(missing, [], `${locale} is missing ${missing.join(', ')}`);
    assert.deepEqual(extra, [], `${locale} has keys English lacks: ${extra.join(', ')}`);
  }
});

test('translations use the same placeholders as English and parse', () => {
  for (const [key, source] of Object.entries(catalogs.en)) {
    const want = [...placeholders(parse(source))].sort();
    for (const locale of LOCALES) {
      const text = catalogs[locale][key]!;
      const got = [...placeholders(parse(text))].sort();
      assert.deepEqual(got, want, `${locale} ${key}: placeholders differ`);
    }
  }
});

test('Chinese catalogs are actually Chinese, not English copies', () => {
  const en = catalogs.en;
  const keys = Object.keys(en);
  for (const locale of ['zh-CN', 'zh-TW'] as const) {
    const copied = keys.filter((k) => /[a-z]{4,}/i.test(en[k]!) && catalogs[locale][k] === en[k]);
    // Brand and protocol names may stay; whole sentences may not.
    const sentences = copied.filter((k) => en[k]!.split(' ').length > 2);
    assert.deepEqual(sentences, [], `${locale} copies English: ${sentences.join(', ')}`);
  }
});

test('unknown keys fall back to the key instead of throwing', () => {
  assert.equal(t('zh-CN', 'no.such.key'), 'no.such.key');
});
