// `ips-jobs download URL --to DIR [--json]` → {path, bytes, sha256}: an export's link (from
// its log, or the e-mail IPS sends) saved into DIR with progress on stderr; a partial file
// left by an interrupted run is continued with an HTTP Range request.
import type { AppLocale } from '../../shared/settings.ts';
import { t } from '../../shared/i18n/index.ts';
import { downloadToFolder, type DownloadProgress } from '../ips/download.ts';
import { formatBytes } from '../ips/upload.ts';
import { EXIT } from './errors.ts';

export interface DownloadArgs {
  url: string;
  to: string;
  json: boolean;
}

export interface DownloadIo {
  out(text: string): Promise<void> | void;
  err(line: string): void;
  signal: AbortSignal;
}

export async function runDownload(a: DownloadArgs, locale: AppLocale, io: DownloadIo): Promise<number> {
  let last = 0;
  let announced = false;
  const onProgress = (p: DownloadProgress): void => {
    if (p.resumedFrom > 0 && !announced) {
      announced = true;
      io.err(t(locale, 'cli.download.resuming', { from: formatBytes(p.resumedFrom) }));
    }
    const now = Date.now();
    if (now - last < 1000 && p.received !== p.total) return;
    last = now;
    io.err(
      t(locale, 'cli.download.progress', {
        received: formatBytes(p.received),
        total: p.total !== undefined ? formatBytes(p.total) : '?',
        percent: p.total ? Math.floor((p.received / p.total) * 100) : 0,
        speed: `${formatBytes(Math.round(p.bytesPerSecond))}/s`,
      }),
    );
  };
  const r = await downloadToFolder(a.url, a.to, { signal: io.signal, onProgress });
  io.err(t(locale, 'cli.download.done', { path: r.path, size: formatBytes(r.bytes) }));
  if (a.json) await io.out(`${JSON.stringify({ path: r.path, bytes: r.bytes, sha256: r.sha256 })}\n`);
  else await io.out(`${r.path}\n`);
  return EXIT.OK;
}
