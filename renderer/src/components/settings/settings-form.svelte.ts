// What the Settings sections share: one save (everything but the account saves as soon as
// it changes), the error shown above the sections, and the polite status line.
import type { Settings } from '../../../../shared/settings.ts';
import { app } from '../../lib/app.svelte.ts';
import { errText, t } from '../../lib/i18n.ts';

export type SettingsPatch = Partial<Omit<Settings, 'accounts' | 'schemaVersion'>>;

export class SettingsForm {
  saveError = $state<string | undefined>();
  status = $state('');

  async save(patch: SettingsPatch): Promise<void> {
    this.saveError = undefined;
    try {
      const res = await app.saveSettings(patch);
      if (res.ok)
        app.notify('info', t('ui.settings.saved')); // a toast: seen wherever the change was made
      else this.saveError = errText(res.error);
    } catch (e) {
      this.saveError = e instanceof Error ? e.message : String(e);
    }
  }
}
