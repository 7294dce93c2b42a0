// What the Settings sections share: one save (everything but the account saves as soon as
// it changes), the error shown above the sections, and the polite status line.
import type { Settings } from '../../../../shared/settings.ts';
import { app } from '../../lib/app.svelte.ts';
import { errText, t } from '../../lib/i18n.ts';

export type SettingsPatch = Partial<Omit<Settings, 'accounts' | 'schemaVersion'>>;

/** The number of the window's latest settings save. */
let lastSave = 0;

export class SettingsForm {
  saveError = $state<string | undefined>();
  status = $state('');

  async save(patch: SettingsPatch): Promise<void> {
    this.saveError = undefined;
    // Saves overlap when the user changes two things quickly (the quiet-hours switch, then its
    // time): only the last one's answer is applied, so an earlier answer cannot reset a field
    // the user is still typing in.
    const seq = ++lastSave;
    app.savingSettings++;
    try {
      const res = await app.invoke('saveSettings', patch);
      if (res.ok) {
        if (seq === lastSave) app.applySettings(res.value);
        app.notify('info', t('ui.settings.saved')); // a toast: seen wherever the change was made
      } else this.saveError = errText(res.error);
    } catch (e) {
      this.saveError = e instanceof Error ? e.message : String(e);
    } finally {
      app.savingSettings--;
    }
  }
}
