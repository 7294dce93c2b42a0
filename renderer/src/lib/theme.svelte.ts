// The effective theme (setting or OS), and chart colors resolved from the CSS variables.
import { app } from './app.svelte.ts';

class ThemeState {
  osDark = $state(typeof matchMedia !== 'undefined' && matchMedia('(prefers-color-scheme: dark)').matches);
  constructor() {
    if (typeof matchMedia !== 'undefined') matchMedia('(prefers-color-scheme: dark)').addEventListener('change', (e) => (this.osDark = e.matches));
  }
  get dark(): boolean {
    const pref = app.settings?.settings.theme ?? 'system';
    return pref === 'dark' || (pref === 'system' && this.osDark);
  }
}
export const theme = new ThemeState();

let probe: HTMLElement | undefined;

/**
 * A theme color as a canvas needs it: the CSS variable resolved for the current color
 * scheme (the tokens are light-dark() pairs, which getPropertyValue returns unresolved),
 * as rgba() with an optional extra opacity.
 */
export function cssColor(name: string, alpha = 1): string {
  if (!probe) {
    probe = document.createElement('span');
    probe.hidden = true;
    document.body.appendChild(probe);
  }
  probe.style.color = `var(${name})`;
  const resolved = getComputedStyle(probe).color;
  const m = resolved.match(/[\d.]+/g);
  if (!m || m.length < 3) return resolved;
  const a = (m[3] !== undefined ? Number(m[3]) : 1) * alpha;
  return `rgba(${m[0]}, ${m[1]}, ${m[2]}, ${a})`;
}
