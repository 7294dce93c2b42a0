// The committed icons: every tray state for every platform and theme at 1x and 2x with
// the right pixel size; macOS template images black + alpha only; the glyph colour fits
// the taskbar it is meant for; every state looks different; the app icon sizes exist.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TRAY_ICONS } from '../../shared/domain.ts';
import { TRAY_ICON_SIZES, retinaFile, trayIconFile, type IconPlatform, type IconTheme } from '../../electron/adapters/tray-icons.ts';
import { readPng, type Png } from './helpers/png.ts';

const root = join(import.meta.dirname, '../../build/icons');
const variants: [IconPlatform, IconTheme][] = [
  ['mac', 'light'],
  ['win', 'light'],
  ['win', 'dark'],
  ['linux', 'light'],
  ['linux', 'dark'],
];

const load = (file: string): Png => readPng(readFileSync(join(root, 'tray', file)));

/** Average luminance of the clearly visible pixels, 0–255. */
function inkLuminance(png: Png): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < png.pixels.length; i += 4) {
    const [r, g, b, a] = [png.pixels[i]!, png.pixels[i + 1]!, png.pixels[i + 2]!, png.pixels[i + 3]!];
    if (a < 200) continue;
    sum += 0.2126 * r + 0.7152 * g + 0.0722 * b;
    n++;
  }
  return n ? sum / n : NaN;
}

test('every state × platform × theme exists at 1x and 2x with the right size', () => {
  for (const icon of TRAY_ICONS) {
    for (const [platform, theme] of variants) {
      const file = trayIconFile(icon, platform, theme);
      const size = TRAY_ICON_SIZES[platform];
      for (const [f, px] of [
        [file, size],
        [retinaFile(file), size * 2],
      ] as const) {
        assert.ok(existsSync(join(root, 'tray', f)), `missing ${f}`);
        const png = load(f);
        assert.equal(png.width, px, f);
        assert.equal(png.height, px, f);
      }
    }
  }
});

test('macOS template images are black + alpha only, and not empty', () => {
  for (const icon of TRAY_ICONS) {
    for (const f of [trayIconFile(icon, 'mac', 'light'), retinaFile(trayIconFile(icon, 'mac', 'light'))]) {
      const { pixels } = load(f);
      let ink = 0;
      for (let i = 0; i < pixels.length; i += 4) {
        if (pixels[i + 3] === 0) continue;
        ink++;
        assert.deepEqual([pixels[i], pixels[i + 1], pixels[i + 2]], [0, 0, 0], `${f} has colour at ${i / 4}`);
      }
      assert.ok(ink > 20, `${f} is nearly empty`);
    }
  }
});

test('glyphs are dark for light taskbars and light for dark ones (states drawn in the glyph colour)', () => {
  for (const icon of ['idle', 'paused', 'offline'] as const) {
    for (const platform of ['win', 'linux'] as const) {
      assert.ok(inkLuminance(load(trayIconFile(icon, platform, 'light'))) < 80, `${platform} ${icon} light`);
      assert.ok(inkLuminance(load(trayIconFile(icon, platform, 'dark'))) > 180, `${platform} ${icon} dark`);
    }
  }
});

test('states are told apart by shape, not colour alone: the template silhouettes all differ', () => {
  const masks = TRAY_ICONS.map((icon) => {
    const { pixels } = load(trayIconFile(icon, 'mac', 'light'));
    let bits = '';
    for (let i = 3; i < pixels.length; i += 4) bits += pixels[i]! > 127 ? '1' : '0';
    return bits;
  });
  for (let a = 0; a < masks.length; a++) {
    for (let b = a + 1; b < masks.length; b++) {
      let diff = 0;
      for (let i = 0; i < masks[a]!.length; i++) if (masks[a]![i] !== masks[b]![i]) diff++;
      assert.ok(diff >= 30, `${TRAY_ICONS[a]} and ${TRAY_ICONS[b]} differ in only ${diff} of 256 pixels at 16 px`);
    }
  }
});

test('the app icon exists at 512 and 1024 px (electron-builder derives .icns/.ico from them)', () => {
  for (const size of [16, 32, 48, 64, 128, 256, 512, 1024]) {
    const png = readPng(readFileSync(join(root, 'app', `${size}x${size}.png`)));
    assert.equal(png.width, size);
    assert.equal(png.height, size);
  }
});
