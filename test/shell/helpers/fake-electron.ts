// A FAKE `electron` module for the shell tests: the real one downloads its binary the first
// time it is loaded, which cannot happen here. ./electron-hook.ts points the `electron`
// specifier at this file, so the adapters (and electron-store) get these objects, and the
// tests read back what a user would see: tray images, menus, windows, notifications.
//
// Only what the shell uses is faked; every call is recorded on `fake`.
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../helpers/tmp.ts';
import { clipboard, contextBridge, dialog, protocol, screen, shell, webUtils } from './fake-electron-desk.ts';

export { clipboard, contextBridge, dialog, protocol, screen, shell, webUtils };

type Fn = (...args: any[]) => any;

export interface MenuItemOptions {
  label?: string;
  type?: string;
  enabled?: boolean;
  checked?: boolean;
  click?: Fn;
  id?: string;
  submenu?: MenuItemOptions[];
}

class FakeMenu {
  items: MenuItemOptions[];
  constructor(items: MenuItemOptions[]) {
    this.items = items;
  }
  static buildFromTemplate(template: MenuItemOptions[]): FakeMenu {
    return new FakeMenu(template);
  }
  static setApplicationMenu(menu: FakeMenu | null): void {
    fake.applicationMenu = menu;
  }
}

class FakeNativeImage {
  readonly path: string;
  template = false;
  constructor(path: string) {
    this.path = path;
  }
  isEmpty(): boolean {
    return this.path === '' || !existsSync(this.path);
  }
  setTemplateImage(on: boolean): void {
    this.template = on;
  }
  isTemplateImage(): boolean {
    return this.template || /Template(@2x)?\.png$/.test(this.path);
  }
}

export const nativeImage = {
  createFromPath: (p: string) => new FakeNativeImage(p),
  createEmpty: () => new FakeNativeImage(''),
};

/** What every fake that Electron can destroy shares: the flag and isDestroyed(). */
class Destroyable extends EventEmitter {
  destroyed = false;
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

class FakeTray extends Destroyable {
  image: FakeNativeImage;
  tooltip = '';
  title = '';
  contextMenu: FakeMenu | null = null;
  contextMenuSets = 0;
  constructor(image: FakeNativeImage) {
    super();
    this.image = image;
    fake.trays.push(this);
  }
  setImage(image: FakeNativeImage): void {
    this.image = image;
  }
  setToolTip(t: string): void {
    this.tooltip = t;
  }
  setTitle(t: string): void {
    this.title = t;
  }
  setContextMenu(menu: FakeMenu | null): void {
    this.contextMenu = menu;
    this.contextMenuSets += 1;
  }
  popUpContextMenu(): void {}
  destroy(): void {
    this.destroyed = true;
  }
}

class FakeFrame {
  url: string;
  constructor(url: string) {
    this.url = url;
  }
}

class FakeWebContents extends Destroyable {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  sent: { channel: string; payload: unknown }[] = [];
  windowOpenHandler: Fn | undefined;
  mainFrame = new FakeFrame('');
  url = '';
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  setWindowOpenHandler(h: Fn): void {
    this.windowOpenHandler = h;
  }
  getURL(): string {
    return this.url;
  }
  isLoading(): boolean {
    return false;
  }
}

class FakeBrowserWindow extends Destroyable {
  options: any;
  webContents = new FakeWebContents();
  visible = false;
  focused = false;
  minimized = false;
  bounds: { x: number; y: number; width: number; height: number };
  progress: number | undefined;
  loaded: string | undefined;
  constructor(options: any) {
    super();
    this.options = options;
    this.bounds = { x: options.x ?? 100, y: options.y ?? 100, width: options.width ?? 800, height: options.height ?? 600 };
    fake.windows.push(this);
  }
  static getAllWindows(): FakeBrowserWindow[] {
    return fake.windows.filter((w) => !w.destroyed);
  }
  static fromWebContents(wc: unknown): FakeBrowserWindow | null {
    return fake.windows.find((w) => w.webContents === wc && !w.destroyed) ?? null;
  }
  async loadURL(url: string): Promise<void> {
    this.loaded = url;
    this.webContents.url = url;
    this.webContents.mainFrame.url = url;
    this.webContents.emit('did-finish-load');
    this.emit('ready-to-show');
  }
  async loadFile(file: string): Promise<void> {
    return this.loadURL(`file://${file}`);
  }
  show(): void {
    this.visible = true;
    this.focused = true;
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {
    this.focused = true;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  minimize(): void {
    this.minimized = true;
  }
  restore(): void {
    this.minimized = false;
  }
  isMaximized(): boolean {
    return false;
  }
  maximize(): void {}
  getBounds() {
    return { ...this.bounds };
  }
  getNormalBounds() {
    return { ...this.bounds };
  }
  setBounds(b: Partial<FakeBrowserWindow['bounds']>): void {
    this.bounds = { ...this.bounds, ...b };
  }
  setProgressBar(p: number): void {
    this.progress = p;
  }
  close(): void {
    this.emit('close', { preventDefault() {} });
    this.destroy();
  }
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.webContents.destroyed = true;
    this.emit('closed');
  }
  setMenuBarVisibility(): void {}
  removeMenu(): void {}
}

class FakeNotification extends EventEmitter {
  static supported = true;
  static isSupported(): boolean {
    return FakeNotification.supported;
  }
  options: any;
  shown = false;
  constructor(options: any) {
    super();
    this.options = options;
    fake.notifications.push(this);
  }
  show(): void {
    this.shown = true;
  }
  close(): void {
    this.emit('close');
  }
  /** What a user does: click the toast. */
  click(): void {
    this.emit('click');
  }
  /** What a user does on macOS: press the button at `index` of `options.actions`. */
  action(index: number): void {
    this.emit('action', {}, index);
  }
}

class FakeApp extends EventEmitter {
  name = 'IPS Jobs';
  isPackaged = false;
  singleInstance = true;
  quitCalls = 0;
  appUserModelId: string | undefined;
  loginItem: any;
  dockHidden = false;
  dockShown = 0;
  badgeCount = 0;
  userData = tempDir('ips-jobs-fake-userdata-');
  appPath = process.cwd();
  dock = {
    hide: () => {
      this.dockHidden = true;
    },
    show: async () => {
      this.dockHidden = false;
      this.dockShown += 1;
    },
    setBadge: (_b: string) => {},
  };
  getPath(name: string): string {
    if (name === 'userData') return this.userData;
    return join(this.userData, name);
  }
  getAppPath(): string {
    return this.appPath;
  }
  getVersion(): string {
    return '0.0.0-test';
  }
  getName(): string {
    return this.name;
  }
  getPreferredSystemLanguages(): string[] {
    return ['en-US'];
  }
  requestSingleInstanceLock(): boolean {
    return this.singleInstance;
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  isReady(): boolean {
    return true;
  }
  setBadgeCount(n: number): boolean {
    this.badgeCount = n;
    return true;
  }
  setAppUserModelId(id: string): void {
    this.appUserModelId = id;
  }
  setLoginItemSettings(s: any): void {
    this.loginItem = s;
  }
  quit(): void {
    this.quitCalls += 1;
  }
  exit(): void {
    this.quitCalls += 1;
  }
}

export const safeStorage = {
  backend: 'gnome_libsecret' as string,
  available: true,
  /** Reversible but not plain: a test can see the stored bytes are not the password. */
  async encryptStringAsync(plain: string): Promise<Buffer> {
    fake.encryptCalls += 1;
    return Buffer.from(`ENC1:${Buffer.from(plain, 'utf8').toString('base64').split('').reverse().join('')}`, 'utf8');
  },
  async decryptStringAsync(buf: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }> {
    const text = buf.toString('utf8');
    if (!text.startsWith('ENC1:')) throw new Error('cannot decrypt');
    const b64 = text.slice(5).split('').reverse().join('');
    return { result: Buffer.from(b64, 'base64').toString('utf8'), shouldReEncrypt: false };
  },
  async isAsyncEncryptionAvailable(): Promise<boolean> {
    return this.available;
  },
  getSelectedStorageBackend(): string {
    return this.backend;
  },
  isEncryptionAvailable(): boolean {
    return this.available;
  },
};

class FakeIpcMain extends EventEmitter {
  handlers = new Map<string, Fn>();
  handle(channel: string, fn: Fn): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, fn);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
  /** Call a handler the way a renderer's ipcRenderer.invoke would, from `frameUrl`. */
  async invoke(channel: string, arg: unknown, from: { frameUrl: string; sender?: unknown }): Promise<unknown> {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`No handler registered for '${channel}'`);
    const event = { senderFrame: new FakeFrame(from.frameUrl), sender: from.sender ?? {}, processId: 1, frameId: 1 };
    return h(event, arg);
  }
}

class FakeIpcRenderer extends EventEmitter {
  invoked: { channel: string; arg: unknown }[] = [];
  async invoke(channel: string, arg: unknown): Promise<unknown> {
    this.invoked.push({ channel, arg });
    return { ok: true, channel };
  }
}

const webRequestHandlers: { onHeadersReceived?: Fn | undefined } = {};
const defaultSession = {
  permissionRequestHandler: undefined as Fn | undefined,
  permissionCheckHandler: undefined as Fn | undefined,
  webRequest: {
    onHeadersReceived: (fn: Fn) => {
      webRequestHandlers.onHeadersReceived = fn;
    },
  },
  setPermissionRequestHandler(fn: Fn) {
    this.permissionRequestHandler = fn;
  },
  setPermissionCheckHandler(fn: Fn) {
    this.permissionCheckHandler = fn;
  },
};

export const app = new FakeApp();
export const ipcMain = new FakeIpcMain();
export const ipcRenderer = new FakeIpcRenderer();
export const nativeTheme = Object.assign(new EventEmitter(), {
  shouldUseDarkColors: false,
  shouldUseDarkColorsForSystemIntegratedUI: false,
  themeSource: 'system',
});
export const powerMonitor = new EventEmitter();
export const session = { defaultSession, webRequestHandlers };
export const Menu = FakeMenu;
export const Tray = FakeTray;
export const BrowserWindow = FakeBrowserWindow;
export const Notification = FakeNotification;

/** Everything the tests look at, plus a reset between tests. */
export const fake = {
  trays: [] as FakeTray[],
  windows: [] as FakeBrowserWindow[],
  notifications: [] as FakeNotification[],
  applicationMenu: undefined as FakeMenu | null | undefined,
  encryptCalls: 0,
  reset(): void {
    fake.trays.length = 0;
    fake.windows.length = 0;
    fake.notifications.length = 0;
    fake.encryptCalls = 0;
    FakeNotification.supported = true;
    safeStorage.backend = 'gnome_libsecret';
    safeStorage.available = true;
    nativeTheme.shouldUseDarkColors = false;
    nativeTheme.shouldUseDarkColorsForSystemIntegratedUI = false;
    nativeTheme.removeAllListeners();
    powerMonitor.removeAllListeners();
    app.removeAllListeners();
    app.singleInstance = true;
    app.loginItem = undefined;
    app.appUserModelId = undefined;
    app.quitCalls = 0;
    app.dockShown = 0;
    app.dockHidden = false;
    app.badgeCount = 0;
    dialog.asked.length = 0;
    dialog.answers.length = 0;
    ipcMain.handlers.clear();
    ipcMain.removeAllListeners();
    ipcRenderer.removeAllListeners();
    ipcRenderer.invoked.length = 0;
    shell.opened.length = 0;
    shell.shown.length = 0;
    dialog.nextSave = undefined;
    dialog.saveCalls.length = 0;
    contextBridge.exposed.clear();
    protocol.handlers.clear();
    protocol.privileged.length = 0;
    defaultSession.permissionRequestHandler = undefined;
    defaultSession.permissionCheckHandler = undefined;
    webRequestHandlers.onHeadersReceived = undefined;
  },
};

export type { FakeTray, FakeBrowserWindow, FakeNotification, FakeMenu, FakeWebContents };

export default {
  app,
  ipcMain,
  ipcRenderer,
  nativeTheme,
  nativeImage,
  powerMonitor,
  shell,
  clipboard,
  dialog,
  protocol,
  session,
  screen,
  contextBridge,
  webUtils,
  safeStorage,
  Menu,
  Tray,
  BrowserWindow,
  Notification,
};
