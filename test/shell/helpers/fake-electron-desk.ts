// The fake `electron` module's desktop services (./fake-electron.ts re-exports them): shell,
// dialogs, clipboard, protocol, screen, contextBridge and webUtils, each recording its calls.
type Fn = (...args: any[]) => any;

export const shell = {
  opened: [] as string[],
  async openExternal(url: string): Promise<void> {
    shell.opened.push(url);
  },
  async openPath(): Promise<string> {
    return '';
  },
  shown: [] as string[],
  showItemInFolder(path: string): void {
    shell.shown.push(path);
  },
};
/** Electron's webUtils: a File's path on disk (the fake reads `path` off the object). */
export const webUtils = {
  getPathForFile(file: unknown): string {
    return String((file as { path?: string }).path ?? '');
  },
};
/**
 * Native message boxes: what was asked, and the button index the "user" presses next (default: Cancel, 1).
 * The save dialog answers `nextSave` (a path, or undefined = cancelled) and records what it was asked.
 */
export const dialog = {
  asked: [] as any[],
  answers: [] as number[],
  nextSave: undefined as string | undefined,
  saveCalls: [] as { parent: unknown; options: { defaultPath?: string; filters?: unknown } }[],
  async showSaveDialog(a: unknown, b?: unknown): Promise<{ canceled: boolean; filePath?: string }> {
    const [parent, options] = b === undefined ? [undefined, a] : [a, b];
    dialog.saveCalls.push({ parent, options: options as { defaultPath?: string } });
    const filePath = dialog.nextSave;
    return filePath ? { canceled: false, filePath } : { canceled: true };
  },
  async showMessageBox(...args: any[]): Promise<{ response: number; checkboxChecked: boolean }> {
    const options = args.at(-1);
    dialog.asked.push(options);
    return { response: dialog.answers.shift() ?? options.cancelId ?? 1, checkboxChecked: false };
  },
};
export const clipboard = {
  text: '',
  writeText(t: string) {
    clipboard.text = t;
  },
};
export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, Fn>(),
  registerSchemesAsPrivileged(schemes: unknown[]) {
    protocol.privileged.push(...schemes);
  },
  handle(scheme: string, fn: Fn) {
    protocol.handlers.set(scheme, fn);
  },
};
export const screen = {
  getAllDisplays: () => [{ id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1040 }, bounds: { x: 0, y: 0, width: 1920, height: 1080 } }],
  getPrimaryDisplay: () => screen.getAllDisplays()[0],
};
export const contextBridge = {
  exposed: new Map<string, any>(),
  exposeInMainWorld(key: string, api: unknown) {
    contextBridge.exposed.set(key, api);
  },
};
