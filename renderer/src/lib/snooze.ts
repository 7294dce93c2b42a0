// Pausing notifications from the window (Settings and the header): one call, its result as a
// status line or an error text.
import type { CommandArg } from '../../../shared/ipc.ts';
import { app } from './app.svelte.ts';
import { errText } from './i18n.ts';

/** Pause (a preset or a custom ISO time) or resume (`{ until: '' }`); an error text, or undefined when it worked. */
export async function pauseNotifications(arg: CommandArg<'pauseNotifications'>): Promise<string | undefined> {
  try {
    const res = await app.invoke('pauseNotifications', arg);
    return res.ok ? undefined : errText(res.error);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
