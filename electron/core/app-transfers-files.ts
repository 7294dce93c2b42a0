// Local paths from the window (dropped, picked, or typed in the preview) made into upload
// items, checked on the main side whatever the renderer claims: absolute, existing, a
// regular file or a folder, never inside the kernel's or devices' pseudo file systems
// (/proc, /sys, /dev …), also after symbolic links are resolved. Folders are walked
// keeping their own name (as `cp -r` does); inside them hidden entries and symbolic links
// are skipped, never followed, and only regular files are taken.
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve, sep } from 'node:path';
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

/** One checked path: absolute and real (links resolved), a regular file or a folder. */
export async function checkLocalPath(raw: string, platform: NodeJS.Platform = process.platform): Promise<{ path: string; isDirectory: boolean; size: number }> {
  if (raw.includes('\u0000')) throw refuse('The path contains a NUL character.');
  if (!isAbsolute(raw)) throw refuse(`“${raw}” is not an absolute path: give the full path, e.g. ${platform === 'win32' ? 'C:\\Users\\me\\Pictures' : '/home/me/pictures'}.`);
  const abs = resolve(raw);
  if (forbidden(abs, platform)) throw refuse(`“${raw}” is a system location, not files to upload.`);
  let real: string;
  try {
    real = await realpath(abs);
  } catch {
    throw refuse(`“${raw}” does not exist on this machine.`);
  }
  if (forbidden(real, platform)) throw refuse(`“${raw}” leads to a system location, not files to upload.`);
  const st = await stat(real);
  if (st.isDirectory()) return { path: real, isDirectory: true, size: 0 };
  if (st.isFile()) return { path: real, isDirectory: false, size: st.size };
  throw refuse(`“${raw}” is neither a file nor a folder.`);
}

/** The upload items under the given paths, in a stable order; refuses bad paths in words. */
export async function collectUploadItems(paths: readonly string[], platform: NodeJS.Platform = process.platform): Promise<UploadItem[]> {
  const out: UploadItem[] = [];
  const tooMany = (): IpsError => refuse(`More than ${MAX_UPLOAD_FILES} files: upload the folder in parts.`);
  const walk = async (abs: string, target: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH) throw refuse(`“${abs}” is nested more than ${MAX_DEPTH} folders deep.`);
    let entries;
    try {
      entries = await readdir(abs, { withFileTypes: true });
    } catch (err) {
      throw refuse(`Cannot read the folder “${abs}”: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`);
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
    const c = await checkLocalPath(raw, platform);
    if (c.isDirectory) await walk(c.path, `${basename(c.path) || c.path.split(sep).filter(Boolean).pop() || 'folder'}/`, 0);
    else {
      if (out.length >= MAX_UPLOAD_FILES) throw tooMany();
      out.push({ path: c.path, size: c.size, target: basename(c.path) });
    }
  }
  const seen = new Set<string>();
  for (const f of out) {
    if (seen.has(f.target)) throw refuse(`Two files would land at “${f.target}”: pick one of them.`);
    seen.add(f.target);
  }
  if (out.length === 0) throw refuse('No files to upload there (hidden files and links are left out).');
  return out;
}

/** A destination folder as the user typed it, as IPS wants it; refuses `..` and odd characters. */
export function checkDestFolder(raw: string): string {
  const f = raw.trim().replace(/\\/g, '/').replace(/\/{2,}/g, '/').replace(/^\//, '');
  if (f.split('/').some((s) => s === '..' || s === '.')) throw refuse('The destination folder may not contain “.” or “..” parts.');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(f)) throw refuse('The destination folder contains control characters.');
  return f === '' || f.endsWith('/') ? f : `${f}/`;
}
