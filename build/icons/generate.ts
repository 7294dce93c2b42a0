// Renders every tray icon (each state × platform × theme, at 1x and 2x) and the app icon
// from the SVG sources in build/icons/src/, then a contact sheet to look at them all.
// Reproducible: same sources, same PNGs. Run with `npm run icons` and commit the PNGs.
//
// Sources are drawn on a 16-unit grid. `currentColor` is the glyph colour (set per
// theme); literal #RRGGBB colours are state accents (blue running, amber warning, red
// error, orange auth) and become black in macOS template images, which must be black +
// alpha only. Masks use 3-digit #fff/#000 and are left alone.
import { Resvg } from '@resvg/resvg-js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { TRAY_ICONS, type TrayIcon } from '../../shared/domain.ts';
import { TRAY_ICON_SIZES, TRAY_ICON_VARIANTS, retinaFile, trayIconFile, type IconTheme } from '../../electron/adapters/tray-icons.ts';

const here = new URL('.', import.meta.url).pathname;
const src = (name: string): string => readFileSync(`${here}src/${name}.svg`, 'utf8');

/** Glyph colours per theme: near-black on light taskbars, near-white on dark ones. */
const GLYPH: Record<IconTheme, string> = { light: '#1F2328', dark: '#F2F2F2' };

function colour(svg: string, glyph: string, template: boolean): string {
  let out = svg.replace('<svg ', `<svg color="${glyph}" `);
  if (template) out = out.replace(/#[0-9A-Fa-f]{6}\b/g, '#000000');
  return out;
}

function render(svg: string, size: number): Buffer {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size }, font: { loadSystemFonts: false } }).render().asPng();
}

function write(path: string, png: Buffer): void {
  mkdirSync(path.slice(0, path.lastIndexOf('/')), { recursive: true });
  writeFileSync(path, png);
}

const VARIANTS = TRAY_ICON_VARIANTS;

const trayDir = `${here}tray/`;
const written: string[] = [];
for (const icon of TRAY_ICONS) {
  for (const v of VARIANTS) {
    const template = v.platform === 'mac';
    const svg = colour(src(icon), template ? '#000000' : GLYPH[v.theme], template);
    const size = TRAY_ICON_SIZES[v.platform];
    const file = trayIconFile(icon, v.platform, v.theme);
    write(trayDir + file, render(svg, size));
    write(trayDir + retinaFile(file), render(svg, size * 2));
    written.push(file, retinaFile(file));
  }
}

// The app icon: electron-builder derives .icns (macOS) and .ico (Windows) from the
// 1024 px PNG; Linux takes the sized PNGs from the folder (named WxH.png).
const app = src('app');
for (const size of [16, 32, 48, 64, 128, 256, 512, 1024]) {
  write(`${here}app/${size}x${size}.png`, render(app, size));
}

// Contact sheet: every state (rows) × variant (columns), each at 1x zoomed ×4 and at 2x
// zoomed ×2 (pixels stay sharp), on the background it is meant for, plus a strip at
// true size. Fonts: the system's (labels only).
const BG: Record<string, string> = { 'mac-light': '#E8E8E8', 'win-light': '#F3F3F3', 'win-dark': '#202020', 'linux-light': '#FAFAFA', 'linux-dark': '#2D2D2D' };
const cell = 76;
const labelW = 104;
const cols = VARIANTS.length * 2;
const width = labelW + cols * cell + 40 + VARIANTS.length * 60;
const height = 40 + TRAY_ICONS.length * cell + 20;
const dataUri = (file: string): string => `data:image/png;base64,${readFileSync(trayDir + file).toString('base64')}`;
const parts: string[] = [
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">`,
  `<rect width="100%" height="100%" fill="#FFFFFF"/>`,
];
VARIANTS.forEach((v, i) => {
  const x = labelW + i * 2 * cell;
  parts.push(`<text x="${x + 4}" y="24" font-family="DejaVu Sans" font-size="12">${v.platform} ${v.platform === 'mac' ? 'template' : v.theme} 1x | 2x</text>`);
});
parts.push(`<text x="${labelW + cols * cell + 44}" y="24" font-family="DejaVu Sans" font-size="12">true size</text>`);
TRAY_ICONS.forEach((icon: TrayIcon, row) => {
  const y = 40 + row * cell;
  parts.push(`<text x="8" y="${y + cell / 2 + 4}" font-family="DejaVu Sans" font-size="13">${icon}</text>`);
  VARIANTS.forEach((v, i) => {
    const bg = BG[`${v.platform}-${v.theme}`];
    const file = trayIconFile(icon, v.platform, v.theme);
    for (const [k, f] of [file, retinaFile(file)].entries()) {
      const x = labelW + (i * 2 + k) * cell;
      parts.push(`<rect x="${x + 2}" y="${y + 2}" width="${cell - 4}" height="${cell - 4}" fill="${bg}"/>`);
      parts.push(`<image x="${x + 6}" y="${y + 6}" width="${cell - 12}" height="${cell - 12}" image-rendering="optimizeSpeed" href="${dataUri(f)}"/>`);
    }
    const tx = labelW + cols * cell + 40 + i * 60;
    const s = TRAY_ICON_SIZES[v.platform];
    parts.push(`<rect x="${tx}" y="${y + 20}" width="44" height="36" fill="${bg}"/>`);
    parts.push(`<image x="${tx + 22 - s / 2}" y="${y + 38 - s / 2}" width="${s}" height="${s}" href="${dataUri(file)}"/>`);
  });
});
parts.push('</svg>');
const sheet = new Resvg(parts.join('\n'), { font: { loadSystemFonts: true } }).render().asPng();
writeFileSync(`${here}contact-sheet.png`, sheet);

console.log(`icons: ${written.length} tray PNGs, 8 app icon sizes, contact sheet at build/icons/contact-sheet.png`);
