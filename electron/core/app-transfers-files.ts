// Local paths from the window (dropped, picked, or typed in the preview) made into upload
// items, checked on the main side whatever the renderer claims: absolute, existing, a
// regular file or a folder, never inside the kernel's or devices' pseudo file systems
// (/proc, /sys, /dev …), also after symbolic links are resolved. Folders are walked
// keeping their own name (as `cp -r` does); inside them hidden entries and symbolic links
// are skipped, never followed, and only regular files are taken.
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { basename, join, posix, sep, win32 } from 'node:path';
import { translator, type Translate } from '../../shared/i18n/index.ts';
import { IpsError } from '../ips/errors.ts';
import type { UploadItem } from '../ips/upload.ts';

/** At most this many files in one upload from the window. */
export const MAX_UPLOAD_FILES = 20_000;
const MAX_DEPTH = 64;

const POSIX_FORBIDDEN = ['/proc', '/sys', '/dev', '/run', '/private/var/run'];

function forbidden(p: string, platform: NodeJS.Platform): boolean {
  if (platform === 'win32') {
    // Device namespaces (\\.\, \\?\) and UNC device paths are not files to upload.
    return /^\\\\[.?]\\/.test(p) || /^[A-Za-z]:\\(?:\$|System Volume Information)/i.test(p);
  }
  return POSIX_FORBIDDEN.some((f) => p === f || p.startsWith(`${f}/`));
}

function refuse(message: string): IpsError {
  return new IpsError('usage', message);
}

/** The messages in English unless the caller passes the app's language. */
const english: Translate = translator('en');

/** One checked path: absolute and real (links resolved), a regular file or a folder. */
export async function checkLocalPath(
  raw: string,
  platform: NodeJS.Platform = process.platform,
  tr: Translate = english,
): Promise<{ path: string; isDirectory: boolean; size: number }> {
  if (raw.includes('\u0000')) throw refuse(tr('ui.transfers.error.nul'));
  const paths = platform === 'win32' ? win32 : posix;
  if (!paths.isAbsolute(raw))
    throw refuse(tr('ui.transfers.error.notAbsolute', { path: raw, example: platform === 'win32' ? 'C:\\Users\\me\\Pictures' : '/home/me/pictures' }));
  const abs = paths.resolve(raw);
  if (forbidden(abs, platform)) throw refuse(tr('ui.transfers.error.system', { path: raw }));
  let real: string;
  try {
    real = await realpath(abs);
  } catch {
    throw refuse(tr('ui.transfers.error.missing', { path: raw }));
  }
  if (forbidden(real, platform)) throw refuse(tr('ui.transfers.error.systemLink', { path: raw }));
  const st = await stat(real);
  if (st.isDirectory()) return { path: real, isDirectory: true, size: 0 };
  if (st.isFile()) return { path: real, isDirectory: false, size: st.size };
  throw refuse(tr('ui.transfers.error.notFile', { path: raw }));
}

/** The upload items under the given paths, in a stable order; refuses bad paths in words. */
export async function collectUploadItems(
  paths: readonly string[],
  platform: NodeJS.Platform = process.platform,
  tr: Translate = english,
): Promise<UploadItem[]> {
  const out: UploadItem[] = [];
  const tooMany = (): IpsError => refuse(tr('ui.transfers.error.tooMany', { max: MAX_UPLOAD_FILES }));
  const walk = async (abs: string, target: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH) throw refuse(tr('ui.transfers.error.tooDeep', { path: abs, max: MAX_DEPTH }));
    let entries;
    try {
      entries = await readdir(abs, { withFileTypes: true });
    } catch (err) {
      throw refuse(tr('ui.transfers.error.unreadable', { path: abs, reason: (err as NodeJS.ErrnoException).code ?? (err as Error).message }));
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.') || e.isSymbolicLink()) continue;
      const p = join(abs, e.name);
      if (e.isDirectory()) await walk(p, `${target}${e.name}/`, depth + 1);
      else if (e.isFile()) {
        if (out.length >= MAX_UPLOAD_FILES) throw tooMany();
        const st = await lstat(p);
        if (st.isFile()) out.push({ path: p, size: st.size, target: `${target}${e.name}` });
      }
    }
  };
  for (const raw of paths) {
    const c = await checkLocalPath(raw, platform, tr);
    if (c.isDirectory) await walk(c.path, `${basename(c.path) || c.path.split(sep).filter(Boolean).pop() || 'folder'}/`, 0);
    else {
      if (out.length >= MAX_UPLOAD_FILES) throw tooMany();
      out.push({ path: c.path, size: c.size, target: basename(c.path) });
    }
  }
  const seen = new Set<string>();
  for (const f of out) {
    if (seen.has(f.target)) throw refuse(tr('ui.transfers.error.sameTarget', { target: f.target }));
    seen.add(f.target);
  }
  if (out.length === 0) throw refuse(tr('ui.transfers.error.noFiles'));
  return out;
}

/** A destination folder as the user typed it, as IPS wants it; refuses `..` and odd characters. */
export function checkDestFolder(raw: string, tr: Translate = english): string {
  const f = raw
    .trim()
    .replace(/\\/g, '/')
    .replace(/\/{2,}/g, '/')
    .replace(/^\//, '');
  if (f.split('/').some((s) => s === '..' || s === '.')) throw refuse(tr('ui.transfers.error.folderDots'));
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(f)) throw refuse(tr('ui.transfers.error.folderControl'));
  return f === '' || f.endsWith('/') ? f : `${f}/`;
}
