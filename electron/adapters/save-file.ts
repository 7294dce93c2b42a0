// Saving an export (the window's CSV of History or of a job log): the system's save dialog,
// over our window, in the Downloads folder with the name the window proposes; then the text
// is written atomically (a temp file beside the target, renamed over it), so a failure or a
// crash leaves the old file or none, never half a CSV.
import { app, BrowserWindow, dialog, type SaveDialogOptions, type WebContents } from 'electron';
import { basename, join } from 'node:path';
import { writeFileAtomic } from '../core/atomic-json.ts';

export type SaveFile = (fileName: string, text: string) => Promise<{ path: string; bytes: number } | undefined>;

export function createSaveFile(parent: () => WebContents | undefined): SaveFile {
  return async (fileName, text) => {
    const wc = parent();
    const win = wc && !wc.isDestroyed() ? BrowserWindow.fromWebContents(wc) : null;
    const options: SaveDialogOptions = {
      defaultPath: join(app.getPath('downloads'), basename(fileName)),
      filters: [{ name: 'CSV', extensions: ['csv'] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    };
    const chosen = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    if (chosen.canceled || !chosen.filePath) return undefined;
    const data = Buffer.from(text, 'utf8');
    await writeFileAtomic(chosen.filePath, data, 0o644);
    return { path: chosen.filePath, bytes: data.length };
  };
}
