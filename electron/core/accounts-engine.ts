// Several accounts watched together: one engine per account (each with its own IPS client,
// pollers, board and history) behind one Engine facade, so the app core, the tray, the
// notifications and the window see one snapshot. Every job, company, event, tray entry and
// notification is labelled with its account's name (`account`), and a job's key gets the
// account's id in front, so that the same company and job handle on two servers (staging and
// production share handles) stay two jobs. Actions and job details go to the account the job
// belongs to (its `account` label, else the engine that knows its key): a job of one account
// never reaches another account's server ("Unknown job handle").
//
// With one account (or the demo) the app core uses that engine as it is: no labels, no prefix.
import type { AppNotification, Company, EngineEvent, Job, TrayIcon, TrayMenuItem, TrayState } from '../../shared/domain.ts';
import type { ActionResult, ConnectionInfo, Events, PollingInfo } from '../../shared/ipc.ts';
import type { AppLocale, Settings } from '../../shared/settings.ts';
import type { JobRef } from '../ips/api.ts';
import type { AccountJobRef, Engine } from './types.ts';
import { windowJobsOf, type WindowJobs } from './snapshot-history.ts';

/** One watched account's engine. */
export interface AccountPart {
  id: string;
  name: string;
  engine: Engine;
}

type AccountRef = AccountJobRef;

/** Separates the account id from the engine's own key (ids are [a-z0-9-], keys hold \0). */
const SEP = '\u0001';

export function accountKey(id: string, key: string): string {
  return `${id}${SEP}${key}`;
}

/** The account id and the engine's own key of a prefixed key, or undefined for an unprefixed one. */
export function splitAccountKey(key: string): { id: string; key: string } | undefined {
  const i = key.indexOf(SEP);
  return i > 0 ? { id: key.slice(0, i), key: key.slice(i + 1) } : undefined;
}

export function labelJob(p: Pick<AccountPart, 'id' | 'name'>, j: Job): Job {
  return { ...j, key: accountKey(p.id, j.key), account: p.name };
}

function labelEvent(p: AccountPart, e: EngineEvent): EngineEvent {
  return 'job' in e ? { ...e, job: labelJob(p, e.job) } : { ...e, account: p.name };
}

function labelNotification(p: AccountPart, n: AppNotification): AppNotification {
  const out: AppNotification = { ...n, id: accountKey(p.id, n.id), title: `${p.name} · ${n.title}`, account: p.name };
  if (n.jobKey) out.jobKey = accountKey(p.id, n.jobKey);
  return out;
}

const CONNECTION_RANK: Record<ConnectionInfo['state'], number> = { 'auth-failed': 4, offline: 3, error: 2, connecting: 1, ok: 0 };
/** The order of electron/core/tray-state.ts: the most urgent account decides the one icon. */
const TRAY_RANK: Record<TrayIcon, number> = { auth: 8, offline: 7, 'running-error': 6, error: 5, paused: 4, running: 3, warning: 2, 'error-seen': 1, idle: 0 };

/** The worst connection of the accounts (auth-failed > offline > error > connecting > ok), its error named after its account; each account's own below. */
export function combineConnections(parts: { name: string; connection: ConnectionInfo }[]): ConnectionInfo {
  let worst: { name: string; connection: ConnectionInfo } | undefined;
  for (const p of parts) if (!worst || CONNECTION_RANK[p.connection.state] > CONNECTION_RANK[worst.connection.state]) worst = p;
  if (!worst) return { state: 'connecting' };
  const out: ConnectionInfo = { ...worst.connection };
  if (out.error) out.error = { ...out.error, message: `${worst.name}: ${out.error.message}` };
  const oks = parts.map((p) => p.connection.lastOk).filter((t): t is string => !!t);
  if (oks.length && out.state === 'ok') out.lastOk = oks.sort()[0]!;
  out.accounts = parts.map((p) => ({ name: p.name, state: p.connection.state, ...(p.connection.error ? { error: p.connection.error } : {}) }));
  return out;
}

/** One tray for every account: the most urgent icon, each account's jobs under its name, the actions once. */
export function combineTrays(parts: { id: string; name: string; tray: TrayState }[]): TrayState {
  const first = parts[0];
  if (!first) return { icon: 'idle', progress: null, running: 0, tooltip: 'IPS Jobs', menu: [] };
  let icon = first.tray.icon;
  for (const p of parts) if (TRAY_RANK[p.tray.icon] > TRAY_RANK[icon]) icon = p.tray.icon;
  // A failure on one account while another runs jobs: both at once, as on one account.
  if (icon === 'error' && parts.some((p) => p.tray.icon === 'running' || p.tray.icon === 'running-error')) icon = 'running-error';
  const running = parts.reduce((n, p) => n + p.tray.running, 0);
  const progresses = parts.map((p) => p.tray.progress).filter((x): x is number => x !== null);
  const progress = progresses.length ? progresses.reduce((a, b) => a + b, 0) / progresses.length : null;
  const tooltip = parts.map((p) => `${p.name}: ${p.tray.tooltip.replace(/\n/g, '\n  ')}`).join('\n');
  const menu: TrayMenuItem[] = [];
  for (const p of parts) {
    const items = p.tray.menu;
    const end = items.findIndex((m) => m.id === 'sep:actions');
    menu.push({ type: 'header', id: `account:${p.id}`, label: p.name });
    for (const m of end < 0 ? items.filter((x) => x.type !== 'action') : items.slice(0, end)) {
      if (m.type === 'job') menu.push({ ...m, id: accountKey(p.id, m.id), jobKey: accountKey(p.id, m.jobKey), account: p.name });
      else if (m.type !== 'action') menu.push({ ...m, id: accountKey(p.id, m.id) });
    }
  }
  const actions = first.tray.menu.slice(
    Math.max(
      0,
      first.tray.menu.findIndex((m) => m.id === 'sep:actions'),
    ),
  );
  menu.push(...(actions[0]?.id === 'sep:actions' ? actions : []));
  return { icon, progress, running, tooltip: tooltip.length > 1000 ? `${tooltip.slice(0, 999)}…` : tooltip, menu };
}

export function combinePolling(list: PollingInfo[]): PollingInfo {
  const info: PollingInfo = { paused: list.length > 0 && list.every((p) => p.paused), intervalSeconds: Math.min(...list.map((p) => p.intervalSeconds)) };
  const last = list.map((p) => p.lastPoll).filter((t): t is string => !!t);
  const next = list.map((p) => p.nextPoll).filter((t): t is string => !!t);
  if (last.length) info.lastPoll = last.sort().at(-1)!;
  if (next.length) info.nextPoll = next.sort()[0]!;
  return info;
}

/** The engines of several accounts as one Engine. `settingsFor` gives each engine its settings on updateSettings. */
export function createAccountsEngine(parts: AccountPart[]): Engine {
  const byName = new Map(parts.map((p) => [p.name, p]));
  const byId = new Map(parts.map((p) => [p.id, p]));

  /** The account a command is for; undefined when none matches (the caller answers a usage error). */
  function route(ref: AccountRef & { key?: string }): { part: AccountPart; ref: JobRef } | undefined {
    const part = ref.account !== undefined ? byName.get(ref.account) : ref.key ? byId.get(splitAccountKey(ref.key)?.id ?? '') : undefined;
    if (part) return { part, ref: { companyHandle: ref.companyHandle, jobHandle: ref.jobHandle } };
    if (ref.account !== undefined) return undefined; // a label that names no watched account: never a guess
    // No label: the one engine that knows this job.
    const owners = parts.filter((p) => p.engine.jobs().some((j) => j.companyHandle === ref.companyHandle && j.jobHandle === ref.jobHandle));
    return owners.length === 1 ? { part: owners[0]!, ref: { companyHandle: ref.companyHandle, jobHandle: ref.jobHandle } } : undefined;
  }

  const unknownAccount = (ref: AccountRef): { ok: false; error: { kind: 'usage'; message: string } } => ({
    ok: false,
    error: {
      kind: 'usage',
      message: ref.account !== undefined ? `No watched account is named ${JSON.stringify(ref.account)}.` : 'Say which account the job belongs to.',
    },
  });

  function act(kind: 'stopJob' | 'pauseJob' | 'resumeJob' | 'deleteJob' | 'runJobNow', ref: AccountRef): Promise<ActionResult> {
    const r = route(ref);
    return r ? r.part.engine[kind](r.ref) : Promise.resolve(unknownAccount(ref));
  }

  function subscribe<T>(on: (e: Engine) => (listener: (v: T) => void) => () => void, listener: (p: AccountPart, v: T) => void): () => void {
    const offs = parts.map((p) => on(p.engine)((v) => listener(p, v)));
    return () => offs.forEach((off) => off());
  }

  /** Listens to every part; any part's change hands the listener the combined value anew. */
  const whole =
    <T>(on: (e: Engine) => (listener: (v: T) => void) => () => void, combined: () => T) =>
    (l: (v: T) => void): (() => void) =>
      subscribe(on, () => l(combined()));

  const tray = (): TrayState => combineTrays(parts.map((p) => ({ id: p.id, name: p.name, tray: p.engine.tray() })));
  const connection = (): ConnectionInfo => combineConnections(parts.map((p) => ({ name: p.name, connection: p.engine.connection() })));
  const polling = (): PollingInfo => combinePolling(parts.map((p) => p.engine.polling()));
  const companies = (): Company[] => parts.flatMap((p) => p.engine.companies().map((c) => ({ ...c, account: p.name, accountId: p.id })));

  return {
    start: () => parts.forEach((p) => p.engine.start()),
    stop: async () => {
      await Promise.all(parts.map((p) => p.engine.stop()));
    },
    jobs: () => parts.flatMap((p) => p.engine.jobs().map((j) => labelJob(p, j))),
    windowJobs: () => {
      const out: WindowJobs = { live: [], finished: [] };
      for (const p of parts) {
        const w = p.engine.windowJobs?.() ?? windowJobsOf(p.engine.jobs());
        for (const j of w.live) out.live.push(labelJob(p, j));
        for (const l of w.finished) {
          out.finished.push({
            keys: l.keys,
            at: l.at,
            load: (key) => {
              const j = l.load(key);
              return j && labelJob(p, j);
            },
          });
        }
      }
      return out;
    },
    tray,
    connection,
    polling,
    companies,
    onEvent: (l) =>
      subscribe(
        (e) => e.onEvent,
        (p, ev) => l(labelEvent(p, ev)),
      ),
    onPatch: (l) =>
      subscribe(
        (e) => e.onPatch,
        (p, patch: Events['jobs-patch']) =>
          l({ ...patch, upsert: patch.upsert.map((j) => labelJob(p, j)), remove: patch.remove.map((k) => accountKey(p.id, k)) }),
      ),
    onTray: whole((e) => e.onTray, tray),
    onConnection: whole((e) => e.onConnection, connection),
    onPolling: whole((e) => e.onPolling, polling),
    onNotification: (l) =>
      subscribe(
        (e) => e.onNotification,
        (p, n) => l(labelNotification(p, n)),
      ),
    onCompanies: whole((e) => e.onCompanies, companies),
    updateSettings: (settings: Settings, locale: AppLocale) => parts.forEach((p) => p.engine.updateSettings(settings, locale)),
    pollNow: () => parts.forEach((p) => p.engine.pollNow()),
    setPaused: (paused) => parts.forEach((p) => p.engine.setPaused(paused)),
    wake: () => parts.forEach((p) => p.engine.wake()),
    stopJob: (ref) => act('stopJob', ref),
    pauseJob: (ref) => act('pauseJob', ref),
    resumeJob: (ref) => act('resumeJob', ref),
    deleteJob: (ref) => act('deleteJob', ref),
    runJobNow: (ref) => act('runJobNow', ref),
    rerunJob: async (ref) => {
      const r = route(ref);
      if (!r) return unknownAccount(ref);
      const res = await r.part.engine.rerunJob(r.ref);
      // The new run's key as the facade's jobs carry it (labelJob): the account's id in front.
      return res.ok ? { ok: true, value: { ...res.value, key: accountKey(r.part.id, res.value.key), account: r.part.name } } : res;
    },
    getJobDetails: async (q) => {
      const r = route(q);
      if (!r) return unknownAccount(q);
      const inner: Parameters<Engine['getJobDetails']>[0] = { ...r.ref, page: q.page };
      if (q.logTypes) inner.logTypes = q.logTypes;
      return r.part.engine.getJobDetails(inner);
    },
    acknowledgeAttention(keys) {
      if (!keys) return parts.forEach((p) => p.engine.acknowledgeAttention?.());
      for (const p of parts) {
        const mine = keys.map(splitAccountKey).filter((k) => k?.id === p.id);
        if (mine.length) p.engine.acknowledgeAttention?.(mine.map((k) => k!.key));
      }
    },
  };
}
