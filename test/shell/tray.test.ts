// What the user sees in the tray: the icon file per state, platform and theme (and that
// it exists at 1x and 2x), the tooltip, and the menu with its enabled/checked items.
import './helpers/electron-hook.ts';
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { TRAY_ICONS, type TrayAction, type TrayState } from '../../shared/domain.ts';
import { app, dialog, fake, nativeTheme, type MenuItemOptions } from './helpers/fake-electron.ts';

const { createTray } = await import('../../electron/adapters/tray.ts');

const iconsDir = join(import.meta.dirname, '../../build/icons/tray');

function state(over: Partial<TrayState> = {}): TrayState {
  return {
    icon: 'running',
    progress: 0.42,
    running: 2,
    tooltip: 'IPS Jobs — 2 jobs running, 42%',
    menu: [
      { type: 'header', id: 'header:running', label: 'Running' },
      {
        type: 'job',
        id: 'run:a',
        label: 'Upload spring-catalog — 42%',
        name: 'Upload spring-catalog',
        jobKey: 'c1\u0000j1',
        companyHandle: 'c1',
        jobHandle: 'j1',
        phase: 'running',
        progress: 42,
      },
      {
        type: 'job',
        id: 'run:b',
        label: 'Publish to Image Serving',
        name: 'Publish to Image Serving',
        jobKey: 'c1\u0000j2',
        companyHandle: 'c1',
        jobHandle: 'j2',
        phase: 'running',
        progress: 7,
      },
      { type: 'separator', id: 'sep1' },
      { type: 'action', id: 'open-window', label: 'Open IPS Jobs', enabled: true },
      { type: 'action', id: 'poll-now', label: 'Check now', enabled: false },
      { type: 'action', id: 'toggle-pause', label: 'Pause checking', enabled: true, checked: true },
      { type: 'separator', id: 'sep2' },
      { type: 'action', id: 'quit', label: 'Quit', enabled: true },
    ],
    ...over,
  };
}

function setup(platform: NodeJS.Platform, env: NodeJS.ProcessEnv = {}) {
  const actions: TrayAction[] = [];
  const jobs: string[] = [];
  const stops: string[] = [];
  const tray = createTray({
    iconsDir,
    platform,
    env,
    onAction: (a) => actions.push(a),
    onOpenJob: (k) => jobs.push(k),
    onStopJob: (j) => stops.push(`${j.companyHandle}/${j.jobHandle} ${j.name}`),
  });
  const fakeTray = fake.trays.at(-1)!;
  return { tray, fakeTray, actions, jobs, stops };
}

const items = (t: { contextMenu: { items: MenuItemOptions[] } | null }): MenuItemOptions[] => t.contextMenu?.items ?? [];

beforeEach(() => fake.reset());

test('every state has its own icon on every platform and theme, at 1x and 2x', () => {
  const cases: [NodeJS.Platform, boolean, RegExp][] = [
    ['darwin', false, /mac\/([\w-]+)Template\.png$/],
    ['darwin', true, /mac\/([\w-]+)Template\.png$/],
    ['win32', false, /win\/([\w-]+)-light\.png$/],
    ['linux', true, /linux\/([\w-]+)-dark\.png$/],
  ];
  for (const [platform, dark, pattern] of cases) {
    fake.reset();
    nativeTheme.shouldUseDarkColors = dark;
    const { tray } = setup(platform, { XDG_CURRENT_DESKTOP: 'KDE' });
    const seen = new Set<string>();
    for (const icon of TRAY_ICONS) {
      tray.update(state({ icon }));
      const m = pattern.exec(tray.iconPath);
      assert.ok(m, `${platform} ${icon}: ${tray.iconPath}`);
      assert.equal(m[1], icon);
      assert.ok(existsSync(tray.iconPath), `missing ${tray.iconPath}`);
      assert.ok(existsSync(tray.iconPath.replace(/\.png$/, '@2x.png')), `missing 2x of ${tray.iconPath}`);
      seen.add(tray.iconPath);
    }
    assert.equal(seen.size, TRAY_ICONS.length, 'one distinct file per state');
  }
});

test('macOS shows template images (the menu bar tints them)', () => {
  const { tray, fakeTray } = setup('darwin');
  tray.update(state({ icon: 'error' }));
  assert.equal(basename(fakeTray.image.path), 'errorTemplate.png');
  assert.equal(fakeTray.image.isTemplateImage(), true);
});

test('Windows follows the taskbar colour, and changes with it', () => {
  const { tray, fakeTray } = setup('win32');
  tray.update(state({ icon: 'warning' }));
  assert.equal(basename(fakeTray.image.path), 'warning-light.png');
  nativeTheme.shouldUseDarkColorsForSystemIntegratedUI = true;
  nativeTheme.emit('updated');
  assert.equal(basename(fakeTray.image.path), 'warning-dark.png');
});

test('Linux on GNOME uses the light glyph (its top bar is dark in either theme)', () => {
  const { tray, fakeTray } = setup('linux', { XDG_CURRENT_DESKTOP: 'ubuntu:GNOME' });
  tray.update(state({ icon: 'offline' }));
  assert.equal(basename(fakeTray.image.path), 'offline-dark.png');
  assert.match(fakeTray.image.path, /linux\//);
});

test('tooltip and menu: jobs with their percent, headers disabled, pause checked, actions enabled as the core says', () => {
  const { tray, fakeTray } = setup('win32');
  tray.update(state());
  assert.equal(fakeTray.tooltip, 'IPS Jobs — 2 jobs running, 42%');
  const menu = items(fakeTray);
  const labels = menu.filter((i) => i.type !== 'separator').map((i) => i.label);
  assert.deepEqual(labels, ['Running', 'Upload spring-catalog — 42%', 'Publish to Image Serving — 7%', 'Open IPS Jobs', 'Check now', 'Pause checking', 'Quit']);
  assert.equal(menu.find((i) => i.label === 'Running')?.enabled, false);
  assert.equal(menu.find((i) => i.id === 'poll-now')?.enabled, false);
  const pause = menu.find((i) => i.id === 'toggle-pause');
  assert.equal(pause?.type, 'checkbox');
  assert.equal(pause?.checked, true);
});

test('menu items do what they say: a job opens the window on it, actions reach the shell', () => {
  const { tray, fakeTray, actions, jobs } = setup('linux');
  tray.update(state());
  const menu = items(fakeTray);
  menu.find((i) => i.id === 'run:a')?.click?.();
  menu.find((i) => i.id === 'toggle-pause')?.click?.();
  menu.find((i) => i.id === 'quit')?.click?.();
  assert.deepEqual(jobs, ['c1\u0000j1']);
  assert.deepEqual(actions, ['toggle-pause', 'quit']);
});

test('Linux: the context menu is set again after every change, and has Open even before the first state', () => {
  const { tray, fakeTray } = setup('linux');
  assert.equal(fakeTray.contextMenuSets, 1);
  assert.ok(
    items(fakeTray).some((i) => i.id === 'open-window'),
    'Open is there from the start',
  );
  assert.ok(
    items(fakeTray).some((i) => i.id === 'quit'),
    'Quit is there from the start',
  );
  tray.update(state());
  tray.update(state({ icon: 'idle', progress: null, tooltip: 'IPS Jobs — idle' }));
  assert.equal(fakeTray.contextMenuSets, 3);
  assert.equal(fakeTray.listenerCount('click'), 0, 'no reliance on click events on Linux');
});

test('Windows: a left click opens the window; macOS and Linux leave clicks to the menu', () => {
  const win = setup('win32');
  win.fakeTray.emit('click');
  assert.deepEqual(win.actions, ['open-window']);
  const mac = setup('darwin');
  assert.equal(mac.fakeTray.listenerCount('click'), 0);
});

test('a menu from the core without Open or Quit still gets them', () => {
  const { tray, fakeTray } = setup('linux');
  tray.update(state({ menu: [{ type: 'header', id: 'h', label: 'Nothing running' }] }));
  const ids = items(fakeTray).map((i) => i.id);
  assert.equal(ids[0], 'open-window');
  assert.equal(ids.at(-1), 'quit');
});

test('the count of running jobs: macOS menu bar title and dock badge, the Unity badge on Linux, none on Windows', () => {
  const mac = setup('darwin');
  mac.tray.update(state());
  assert.equal(mac.fakeTray.title, '2');
  assert.equal(app.badgeCount, 2);
  mac.tray.update(state({ running: 0, icon: 'idle', progress: null }));
  assert.equal(mac.fakeTray.title, '', 'no "0" beside an idle icon');
  assert.equal(app.badgeCount, 0);
  fake.reset();
  const linux = setup('linux');
  linux.tray.update(state({ running: 3 }));
  assert.equal(app.badgeCount, 3);
  assert.equal(linux.fakeTray.title, '', 'AppIndicator labels are not used');
  linux.tray.destroy();
  assert.equal(app.badgeCount, 0, 'no badge left behind after quit');
  fake.reset();
  const win = setup('win32');
  win.tray.update(state({ running: 3 }));
  assert.equal(app.badgeCount, 0);
  assert.equal(win.fakeTray.tooltip, 'IPS Jobs — 2 jobs running, 42%', 'Windows: the tooltip carries it');
});

test('quick actions: a run is a submenu with Open and Stop…; Stop asks natively and stops only after Stop', async () => {
  const { tray, fakeTray, jobs, stops } = setup('darwin');
  const confirm = { title: 'Stop this job?', body: '“Upload spring-catalog” will stop at the next safe point.', ok: 'Stop', cancel: 'Cancel' };
  const s = state();
  const [header, a, b, ...rest] = s.menu;
  tray.update({
    ...s,
    menu: [
      header!,
      {
        ...(a as Extract<TrayState['menu'][number], { type: 'job' }>),
        quick: [
          { id: 'open', label: 'Open', enabled: true },
          { id: 'stop', label: 'Stop…', enabled: true, confirm },
        ],
      },
      {
        ...(b as Extract<TrayState['menu'][number], { type: 'job' }>),
        quick: [
          { id: 'open', label: 'Open', enabled: true },
          { id: 'stop', label: 'Stop…', enabled: false, confirm },
        ],
      },
      ...rest,
    ],
  });
  const run = items(fakeTray).find((i) => i.id === 'run:a')!;
  assert.equal(run.label, 'Upload spring-catalog — 42%');
  assert.equal(run.click, undefined, 'a submenu parent, not a button');
  assert.deepEqual(
    run.submenu?.map((i) => [i.label, i.enabled]),
    [
      ['Open', true],
      ['Stop…', true],
    ],
  );
  assert.equal(items(fakeTray).find((i) => i.id === 'run:b')!.submenu?.[1]?.enabled, false, 'Stop off where the window has it off');
  run.submenu![0]!.click!();
  assert.deepEqual(jobs, ['c1\u0000j1']);
  run.submenu![1]!.click!();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(dialog.asked.at(-1), {
    type: 'warning',
    title: 'Stop this job?',
    message: 'Stop this job?',
    detail: confirm.body,
    buttons: ['Stop', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  });
  assert.deepEqual(stops, [], 'Cancel (the default) stops nothing');
  dialog.answers.push(0);
  run.submenu![1]!.click!();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(stops, ['c1/j1 Upload spring-catalog']);
});

test('destroy removes the tray icon', () => {
  const { tray, fakeTray } = setup('darwin');
  tray.destroy();
  assert.equal(fakeTray.destroyed, true);
});
