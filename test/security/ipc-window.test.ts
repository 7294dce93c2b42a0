// The window's two doors, tried the way a compromised or confused renderer would:
// - IPC: every command refuses malformed arguments (wrong types, extra keys, __proto__
//   keys, oversized and deeply nested values) with a typed usage error and does nothing;
//   every command refuses a sender that is not our window's app:// page; unknown commands
//   are refused; no prototype is polluted;
// - navigation: no web contents the app makes can navigate away, be redirected off app://,
//   attach a webview or open a window; only https links reach the browser.
import '../shell/helpers/electron-hook.ts';
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { COMMAND_NAMES } from '../../shared/ipc.ts';
import { app, fake, ipcMain, shell as fakeShell } from '../shell/helpers/fake-electron.ts';
import { shellOptions } from '../shell/helpers/shell-options.ts';
import { testCoreWithStores } from '../helpers/core.ts';

const { registerIpc } = await import('../../electron/adapters/ipc.ts');
const { createWindowManager, guardWebContents } = await import('../../electron/adapters/window.ts');
const { startShell } = await import('../../electron/adapters/shell.ts');
const { createAppCore, CommandError } = await import('../../electron/core/app.ts');

const APP = 'app://ips-jobs/index.html';

beforeEach(() => fake.reset());

function setup() {
  const opened: string[] = [];
  const copied: string[] = [];
  const apiCalls: string[] = [];
  const { core, settingsStore, secretStore } = testCoreWithStores({
    systemLocales: ['en-US'],
    appVersion: '0.0.0-test',
    openExternal: async (url) => void opened.push(url),
    copyText: (text) => void copied.push(text),
    createApi: async (c) => {
      apiCalls.push(c.user);
      throw new Error('no network in this test');
    },
  });
  const windows = createWindowManager({ preload: 'p', statePath: '/nonexistent/ips-sec-state.json' });
  const unregister = registerIpc({ core, isTrustedSender: (e) => windows.isTrustedSender(e), target: () => windows.webContents() });
  return { core, windows, opened, copied, settingsStore, secretStore, apiCalls, unregister };
}

const deep = (n: number): unknown => {
  let v: unknown = 'x';
  for (let i = 0; i < n; i++) v = { a: v };
  return v;
};

/** Arguments no command takes (structured clone keeps own __proto__ keys, as JSON.parse does). */
const MALFORMED: Array<[string, unknown]> = [
  ['null', null],
  ['a number', 42],
  ['a string', 'stopJob'],
  ['an array', [1, 2]],
  ['a __proto__ key', JSON.parse('{"__proto__": {"polluted": true}, "companyHandle": "c", "jobHandle": "j"}')],
  ['a constructor.prototype key', JSON.parse('{"constructor": {"prototype": {"polluted": true}}}')],
  ['a huge string', { companyHandle: 'c'.repeat(6_000_000), jobHandle: 'j', url: 'https://x.example/', text: 'c'.repeat(6_000_000) }],
  ['deep nesting', deep(5_000)],
  ['an extra key', { companyHandle: 'c', jobHandle: 'j', url: 'https://x.example/', text: 't', paused: true, until: '', extra: 1 }],
];

test('every command refuses malformed arguments with a typed usage error, and nothing happens', async () => {
  const { windows, opened, copied, settingsStore, secretStore, apiCalls } = setup();
  windows.show();
  const from = { frameUrl: APP, sender: fake.windows[0]!.webContents };
  const before = JSON.stringify(settingsStore.get());
  for (const command of COMMAND_NAMES) {
    for (const [label, arg] of MALFORMED) {
      const what = `${command} with ${label}`;
      let result: unknown;
      try {
        result = await ipcMain.invoke(`ips:cmd:${command}`, arg, from);
      } catch (err) {
        // Every command answers a Result (getSnapshot and getSettings too): none rejects.
        assert.fail(`${what} threw: ${(err as Error).message}`);
      }
      const r = result as { ok?: boolean; error?: { kind?: string; message?: string } };
      assert.equal(r.ok, false, `${what} was accepted: ${JSON.stringify(r).slice(0, 200)}`);
      assert.equal(r.error?.kind, 'usage', what);
      if (command === 'getSnapshot' || command === 'getSettings') assert.match(r.error?.message ?? '', /^Invalid argument for /, what);
      assert.equal(JSON.stringify(r).includes('electron/core'), false, 'no main-process stack crosses');
      assert.ok((r.error?.message ?? '').length < 500, `${what}: a bounded message`);
    }
  }
  assert.equal(({} as Record<string, unknown>).polluted, undefined, 'Object.prototype untouched');
  assert.deepEqual(opened, []);
  assert.deepEqual(copied, []);
  assert.equal(JSON.stringify(settingsStore.get()), before, 'settings untouched');
  assert.equal(await secretStore.get('main'), undefined);
  assert.deepEqual(apiCalls, [], 'no sign-in was tried');
});

test('every command refuses a sender other than our window, before the core sees it', async () => {
  const { windows, core } = setup();
  const seen: string[] = [];
  const original = core.handle.bind(core);
  (core as { handle: typeof core.handle }).handle = (async (c: string, a: unknown) => {
    seen.push(c);
    return original(c as never, a);
  }) as typeof core.handle;
  const senders: Array<[string, { frameUrl: string; sender?: unknown }]> = [['no window open', { frameUrl: APP }]];
  for (const command of COMMAND_NAMES) {
    for (const [label, from] of senders) {
      await assert.rejects(ipcMain.invoke(`ips:cmd:${command}`, undefined, from), /not sent by the IPS Jobs window/, `${command}: ${label}`);
    }
  }
  windows.show();
  const wc = fake.windows[0]!.webContents;
  const other = new EventEmitter();
  const foreign: Array<[string, { frameUrl: string; sender?: unknown }]> = [
    ['a web page in our window', { frameUrl: 'https://evil.example/', sender: wc }],
    ['a file: page in our window', { frameUrl: 'file:///app/dist/renderer/index.html', sender: wc }],
    ['another host on app://', { frameUrl: 'app://evil/index.html', sender: wc }],
    ['a data: frame', { frameUrl: 'data:text/html,<script>1</script>', sender: wc }],
    ['another web contents', { frameUrl: APP, sender: other }],
  ];
  for (const command of COMMAND_NAMES) {
    for (const [label, from] of foreign) {
      await assert.rejects(ipcMain.invoke(`ips:cmd:${command}`, undefined, from), /not sent by the IPS Jobs window/, `${command}: ${label}`);
    }
  }
  assert.deepEqual(seen, [], 'the core saw none of them');
});

test('an unknown command is refused: no channel for it, and the core names it a usage error', async () => {
  const { windows, core } = setup();
  windows.show();
  const from = { frameUrl: APP, sender: fake.windows[0]!.webContents };
  await assert.rejects(ipcMain.invoke('ips:cmd:runShell', { cmd: 'rm -rf /' }, from), /No handler/);
  for (const name of ['runShell', '__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
    await assert.rejects(core.handle(name, undefined), (e: unknown) => e instanceof CommandError && e.info.kind === 'usage', name);
  }
});

test('no web contents can navigate away, be redirected off app://, attach a webview or open a window', async () => {
  const wc = new (class extends EventEmitter {
    url = APP;
    windowOpenHandler: ((d: { url: string }) => unknown) | undefined;
    getURL() {
      return this.url;
    }
    setWindowOpenHandler(h: (d: { url: string }) => unknown) {
      this.windowOpenHandler = h;
    }
  })();
  guardWebContents(wc as never);
  const prevented = (event: string, ...args: unknown[]): boolean => {
    let p = false;
    wc.emit(event, { preventDefault: () => (p = true) }, ...args);
    return p;
  };
  for (const url of [
    'https://evil.example/',
    'http://127.0.0.1:9/',
    'file:///etc/passwd',
    'app://ips-jobs/other.html',
    'app://evil/index.html',
    'javascript:alert(1)',
  ]) {
    assert.equal(prevented('will-navigate', url), true, `will-navigate ${url}`);
  }
  assert.equal(prevented('will-navigate', APP), false, 'reloading our own page is allowed');
  for (const url of ['https://evil.example/', 'http://127.0.0.1:9/', 'file:///etc/passwd'])
    assert.equal(prevented('will-redirect', url), true, `will-redirect ${url}`);
  assert.equal(prevented('will-redirect', 'app://ips-jobs/index.html'), false);
  assert.equal(prevented('will-attach-webview', {}, { src: 'https://evil.example/' }), true, 'no webviews');
  for (const url of [
    'https://docs.example.com/a',
    'HTTPS://DOCS.EXAMPLE.COM/B',
    'http://plain.example/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'app://ips-jobs/index.html',
    'smb://share/x',
    'not a url',
  ]) {
    assert.deepEqual(wc.windowOpenHandler!({ url }), { action: 'deny' }, url);
  }
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(fakeShell.opened, ['https://docs.example.com/a', 'https://docs.example.com/B'], 'only https reached the browser');
});

test('the shell guards every web contents the app makes, not only its window', async () => {
  const shellHandle = await startShell(
    shellOptions(
      (o) => createAppCore({ ...o, createApi: async () => Promise.reject(new Error('offline')), simulator: () => import('../../electron/simulator/index.ts') }),
      { env: { XDG_CURRENT_DESKTOP: 'KDE' } },
    ),
  );
  try {
    const stray = new (class extends EventEmitter {
      windowOpenHandler: unknown;
      getURL() {
        return 'about:blank';
      }
      setWindowOpenHandler(h: unknown) {
        this.windowOpenHandler = h;
      }
    })();
    app.emit('web-contents-created', {}, stray);
    assert.equal(typeof stray.windowOpenHandler, 'function', 'window.open is handled');
    let prevented = false;
    stray.emit('will-navigate', { preventDefault: () => (prevented = true) }, 'https://evil.example/');
    assert.equal(prevented, true);
    assert.ok(stray.listenerCount('will-attach-webview') > 0);
  } finally {
    await shellHandle.shutdown();
  }
});
