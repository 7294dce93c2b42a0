// The effective theme (setting or OS), and chart colors read from the CSS variables.
import { app } from './app.svelte.ts';

class ThemeState {
  osDark = $state(typeof matchMedia !== 'undefined' && matchMedia('(prefers-color-scheme: dark)').matches);
  constructor() {
    if (typeof matchMedia !== 'undefined')
      matchMedia('(prefers-color-scheme: dark)').addEventListener('change', (e) => (this.osDark = e.matches));
  }
  get dark(): boolean {
    const pref = app.settings?.settings.theme ?? 'system';
    return pref === 'dark' || (pref === 'system' && this.osDark);
  }
}
export const theme = new ThemeState();

export function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}
