// The window: made on demand (never at start), served from our own `app://ips-jobs/`
// protocol rather than file://, locked down (docs/ARCHITECTURE.md, "Security
// defaults"): context isolation, sandbox, no Node, a strict CSP, no
// navigation, no new windows, no permissions, https links to the browser only.
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomicSync } from '../core/atomic-json.ts';
import { BrowserWindow, app, nativeTheme, protocol, screen, session, shell, type IpcMainInvokeEvent, type Rectangle, type WebContents } from 'electron';
import { eventChannel, type Events } from '../../shared/ipc.ts';
import { readRendererFile, rendererCsp } from '../renderer-files.ts';

export const APP_SCHEME = 'app';
export const APP_HOST = 'ips-jobs';
export const APP_ENTRY = `${APP_SCHEME}://${APP_HOST}/index.html`;

// The same policy the web preview serves (electron/renderer-files.ts), where the end-to-end
// tests check that the renderer runs with no CSP violation: no inline scripts or styles.
export const CONTENT_SECURITY_POLICY = rendererCsp();

/** Is this URL a page of our own app (app://ips-jobs/…)? */
export function isAppUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Open a link in the user's browser, only when it is https. */
export async function openExternalHttps(url: string): Promise<boolean> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:') return false;
  // Only https reaches the browser (checked just above): never file:, javascript:, custom schemes.
  await shell.openExternal(u.href); // eng-disable OPEN_EXTERNAL_JS_CHECK
  return true;
}

/** Before app ready: make app:// a standard, secure scheme (origin, fetch, CSP as https). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'cross-origin-opener-policy': 'same-origin',
};

/** Answer one app:// request from the renderer folder; nothing outside it, ever. */
export async function serveAppRequest(rendererDir: string, request: { url: string; method?: string }): Promise<Response> {
  const notFound = (): Response => new Response('Not found', { status: 404, headers: SECURITY_HEADERS });
  let u: URL;
  try {
    u = new URL(request.url);
  } catch {
    return notFound();
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return notFound();
  if (request.method && request.method !== 'GET' && request.method !== 'HEAD') {
    return new Response('Method not allowed', { status: 405, headers: SECURITY_HEADERS });
  }
  const found = await readRendererFile(rendererDir, u.pathname);
  if (!found) return notFound();
  return new Response(new Uint8Array(found.body), { status: 200, headers: { ...SECURITY_HEADERS, 'content-type': found.type } });
}

/**
 * After app ready: serve app://, deny every permission, and add the CSP to any other
 * response the default session sees.
 */
export function hardenSession(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(rendererDir, request));
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.webRequest.onHeadersReceived((details, callback) => {
    // DevTools (development only) brings its own policy.
    if (details.url.startsWith('devtools:')) {
      callback({});
      return;
    }
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
}

/**
 * Guards for every web contents the app ever makes (the window, and anything a bug might
 * open): no navigation away, no new windows (https links go to the browser), no webviews.
 */
export function guardWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (url !== contents.getURL()) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    void openExternalHttps(url).catch(() => undefined);
    return { action: 'deny' };
  });
}

export interface WindowState {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

const DEFAULT_STATE: WindowState = { width: 1100, height: 720, maximized: false };
const MIN = { width: 720, height: 480 };

function intersects(a: Rectangle, b: Rectangle): boolean {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w >= 100 && h >= 50;
}

/** The saved size and position, if sane and still on a screen; defaults otherwise. */
export function loadWindowState(path: string): WindowState {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return { ...DEFAULT_STATE };
  }
  const r = raw as Record<string, unknown>;
  const num = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
  if (!num(r.width) || !num(r.height)) return { ...DEFAULT_STATE };
  const state: WindowState = {
    width: Math.max(MIN.width, Math.min(10_000, Math.round(r.width))),
    height: Math.max(MIN.height, Math.min(10_000, Math.round(r.height))),
    maximized: r.maximized === true,
  };
  if (num(r.x) && num(r.y)) {
    const rect = { x: Math.round(r.x), y: Math.round(r.y), width: state.width, height: state.height };
    if (screen.getAllDisplays().some((d) => intersects(rect, d.workArea))) {
      state.x = rect.x;
      state.y = rect.y;
    }
  }
  return state;
}

function saveWindowState(path: string, state: WindowState): void {
  try {
    writeFileAtomicSync(path, JSON.stringify(state));
  } catch {
    // Losing the window position is not worth a crash.
  }
}

export interface WindowManagerOptions {
  /** The compiled sandboxed preload (dist/preload.cjs). */
  preload: string;
  /** Where size and position are remembered. */
  statePath: string;
  /** The window icon (Linux; other systems use the app bundle's). */
  icon?: string;
  url?: string;
  /** The window got the focus: the user is looking at it. */
  onFocus?(): void;
  /** The window appeared or went away (macOS shows the dock icon only while it is open). */
  onVisibilityChange?(open: boolean): void;
}

export interface WindowManager {
  /** Create if needed, then show and focus. */
  show(): void;
  /** Show, then tell the renderer to open a view (and job). */
  navigate(target: Events['navigate']): void;
  /** Our window's web contents, when a window is open. */
  webContents(): WebContents | undefined;
  /** Did this IPC message come from our window's app:// page? */
  isTrustedSender(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>): boolean;
  /** Taskbar/dock progress, 0–1, or null for none. Kept and applied when a window opens. */
  setProgress(progress: number | null): void;
  /** Close for good (on quit). */
  destroy(): void;
}

export function createWindowManager(opts: WindowManagerOptions): WindowManager {
  let win: BrowserWindow | undefined;
  let loaded = false;
  let pending: Events['navigate'] | undefined;
  let progress: number | null = null;
  const url = opts.url ?? APP_ENTRY;

  function flushNavigate(): void {
    if (!win || !loaded || !pending) return;
    win.webContents.send(eventChannel('navigate'), pending);
    pending = undefined;
  }

  function applyProgress(): void {
    if (!win || win.isDestroyed()) return;
    // -1 removes the bar; values are clamped to what the taskbar understands.
    win.setProgressBar(progress === null ? -1 : Math.max(0, Math.min(1, progress)));
  }

  function create(): BrowserWindow {
    const state = loadWindowState(opts.statePath);
    const w = new BrowserWindow({
      ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
      width: state.width,
      height: state.height,
      minWidth: MIN.width,
      minHeight: MIN.height,
      title: 'IPS Jobs',
      // Shown on ready-to-show: no blank or white window while the page loads (Linux).
      show: false,
      autoHideMenuBar: true,
      backgroundColor: nativeTheme.shouldUseDarkColors ? '#1e1e1e' : '#ffffff',
      ...(opts.icon && existsSync(opts.icon) ? { icon: opts.icon } : {}),
      webPreferences: {
        // Our own bundled preload, exposing only the typed invoke/on allow-lists via contextBridge.
        preload: opts.preload, // eng-disable PRELOAD_JS_CHECK
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        experimentalFeatures: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        spellcheck: false,
        // Middle-click must not open links in new windows either.
        disableBlinkFeatures: 'Auxclick',
        devTools: !app.isPackaged,
      },
    });
    loaded = false;
    guardWebContents(w.webContents);
    if (state.maximized) w.maximize();
    w.once('ready-to-show', () => {
      w.show();
      opts.onVisibilityChange?.(true);
    });
    w.webContents.on('did-finish-load', () => {
      loaded = true;
      flushNavigate();
    });
    w.on('close', () => {
      const b = w.getNormalBounds();
      saveWindowState(opts.statePath, { ...b, maximized: w.isMaximized() });
    });
    w.on('focus', () => opts.onFocus?.());
    w.on('closed', () => {
      if (win === w) win = undefined;
      loaded = false;
      opts.onVisibilityChange?.(false);
    });
    win = w;
    applyProgress();
    void w.loadURL(url).catch(() => undefined);
    return w;
  }

  function show(): void {
    if (!win || win.isDestroyed()) {
      create();
      return;
    }
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  }

  return {
    show,
    navigate(target) {
      pending = target;
      show();
      flushNavigate();
    },
    webContents: () => (win && !win.isDestroyed() ? win.webContents : undefined),
    isTrustedSender(event) {
      const current = win && !win.isDestroyed() ? win.webContents : undefined;
      if (!current || event.sender !== current) return false;
      return isAppUrl(event.senderFrame?.url);
    },
    setProgress(p) {
      progress = p;
      applyProgress();
    },
    destroy() {
      if (win && !win.isDestroyed()) win.destroy();
      win = undefined;
    },
  };
}
