/// <reference path="./ipsjobs-files.d.ts" />
// The Transfers view's state: the queue as the main side last sent it (the `transfers`
// event, throttled there), its grouping, and the small formatters of bytes, speed and time.
import type { Company } from '../../../shared/domain.ts';
import type { TransferView, TransfersState } from '../../../shared/ipc-transfers.ts';
import type { AppLocale } from '../../../shared/settings.ts';
import { app } from './app.svelte.ts';
import { errText, t } from './i18n.ts';

export type TransferGroup = 'running' | 'waiting' | 'done' | 'failed';
export const TRANSFER_GROUPS: readonly TransferGroup[] = ['running', 'waiting', 'failed', 'done'];

export function groupOf(v: Pick<TransferView, 'state'>): TransferGroup {
  switch (v.state) {
    case 'running':
      return 'running';
    case 'waiting':
    case 'paused':
    case 'retrying':
      return 'waiting';
    case 'failed':
    case 'interrupted':
      return 'failed';
    default:
      return 'done';
  }
}

/** Percent 0–100 of bytes sent (100 for an empty finished file). */
export function percentOf(bytes: number, total: number, done = false): number {
  if (total <= 0) return done ? 100 : 0;
  return Math.max(0, Math.min(100, (bytes / total) * 100));
}

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;
const cache = new Map<string, Intl.NumberFormat>();

/** 1.5 MB, 320 kB (SI units, as the labels say), in the window's language. */
export function formatBytes(locale: AppLocale, n: number): string {
  let v = Math.max(0, n);
  let u = 0;
  while (v >= 1000 && u < UNITS.length - 1) {
    v /= 1000;
    u++;
  }
  const unit = UNITS[u]!;
  const key = `${locale}|${unit}|${v < 10 && u > 0 ? 1 : 0}`;
  let f = cache.get(key);
  if (!f) {
    // Bytes spelled out ("0 bytes", not "0 byte"); the larger units short (kB, MB).
    f = new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: u === 0 ? 'long' : 'short', maximumFractionDigits: v < 10 && u > 0 ? 1 : 0 });
    cache.set(key, f);
  }
  return f.format(v);
}

/** Can this window turn a File into a path (Electron), or must the user type one (preview)? */
export function filePaths(): Window['ipsJobsFiles'] {
  return typeof window !== 'undefined' ? window.ipsJobsFiles : undefined;
}

/** Files dragged over the window right now (the Transfers view shows a veil). */
export const drop = $state({ over: false });

function isFileDrag(e: DragEvent): e is DragEvent & { dataTransfer: DataTransfer } {
  return !!e.dataTransfer && [...e.dataTransfer.types].includes('Files');
}

/**
 * Files dropped anywhere on the window, whatever view is open: in the app their paths join
 * the new upload and the Transfers view opens; in a browser tab (the preview) nobody can say
 * where they live, so the window says to type the path — and never navigates to the file.
 */
function installWindowDrop(): void {
  if (typeof window === 'undefined') return;
  window.addEventListener('dragover', (e) => {
    if (!isFileDrag(e)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = filePaths() ? 'copy' : 'none';
    drop.over = !!filePaths();
  });
  window.addEventListener('dragleave', (e) => {
    if (e.relatedTarget === null) drop.over = false;
  });
  window.addEventListener('drop', (e) => {
    if (!isFileDrag(e)) return;
    e.preventDefault();
    drop.over = false;
    const files = filePaths();
    if (!files) {
      app.notify('info', t('ui.transfers.dropPreview'));
      return;
    }
    for (const f of e.dataTransfer.files) {
      const p = files.pathForFile(f);
      if (p && !draft.paths.includes(p)) draft.paths.push(p);
    }
    app.view = 'transfers';
  });
}

/** The new upload being filled in: kept while the user visits other views. */
/** The upload form's draft; `company` is a company choice (choiceOf): with several accounts, the account and the company. */
export const draft = $state({ paths: [] as string[], company: '', folder: '', jobName: '', overwrite: false, publish: false });

/** A company as the upload form offers it: the same handle under two accounts is two choices. */
export function choiceOf(c: Pick<Company, 'companyHandle' | 'accountId'>): string {
  return c.accountId ? `${c.accountId} ${c.companyHandle}` : c.companyHandle;
}

/** The company and account a choice names (what addUpload and getFolders are sent). */
export function targetOf(choice: string, companies: readonly Company[]): { companyHandle: string; account?: string; rootPath?: string } | undefined {
  const c = companies.find((x) => choiceOf(x) === choice);
  if (!c) return undefined;
  return { companyHandle: c.companyHandle, ...(c.accountId ? { account: c.accountId } : {}), ...(c.rootPath !== undefined ? { rootPath: c.rootPath } : {}) };
}

class TransfersStore {
  state = $state.raw<TransfersState>({ transfers: [], active: 0, sent: 0, total: 0 });
  loaded = $state(false);
  private subscribed = false;

  /** Listen for the queue and fetch it once (the view calls this when it opens). */
  init(): void {
    if (!app.api) return;
    if (!this.subscribed) {
      this.subscribed = true;
      app.api.on('transfers', (s) => {
        this.state = s;
        this.loaded = true;
      });
    }
    void this.refresh();
  }

  async refresh(): Promise<void> {
    try {
      const r = await app.invoke('getTransfers', undefined);
      if (r.ok) this.state = r.value;
    } finally {
      this.loaded = true;
    }
  }

  grouped(): Record<TransferGroup, TransferView[]> {
    const out: Record<TransferGroup, TransferView[]> = { running: [], waiting: [], done: [], failed: [] };
    for (const v of this.state.transfers) out[groupOf(v)].push(v);
    return out;
  }
}

export const transfers = new TransfersStore();

/** The upload from this computer whose IPS job is `jobKey`, while the queue lists it. */
export function uploadOfJob(jobKey: string): TransferView | undefined {
  return transfers.state.transfers.find((v) => v.kind === 'upload' && v.job?.jobKey === jobKey);
}

/** Re-send an upload's failed files as a new upload; what went and what was left out, in words. */
export async function resendFailed(v: Pick<TransferView, 'id'>): Promise<void> {
  try {
    const r = await app.invoke('resendFailed', { id: v.id });
    if (!r.ok) return app.notify('error', errText(r.error));
    const parts = [t('ui.transfers.resend.started', { count: r.value.files })];
    if (r.value.missing.length) parts.push(t('ui.transfers.resend.missing', { names: r.value.missing.join(', ') }));
    if (r.value.unmatched.length) parts.push(t('ui.transfers.resend.unmatched', { names: r.value.unmatched.join(', ') }));
    app.notify('info', parts.join(' '));
    void transfers.refresh();
  } catch (e) {
    app.notify('error', e instanceof Error ? e.message : String(e));
  }
}
installWindowDrop();
