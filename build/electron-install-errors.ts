// Why Electron's installer (node_modules/electron/install.js) failed, in words a user
// understands, from what it printed (`err.stack`) and what the download probe saw
// (build/electron-download-probe.ts). One clause, no trailing period: build/start.ts puts it
// into its single line "cannot start the desktop app: <reason>. Starting the web preview…".

export type ProbeEvent =
  | { e: 'request'; url: string }
  | { e: 'headers'; url: string; status: number; length: number | null }
  | { e: 'bytes'; url: string; bytes: number; done?: boolean }
  | { e: 'error'; url: string; code: string; message: string };

export interface InstallFailure {
  /** Everything the installer wrote to stdout and stderr. */
  output: string;
  events: readonly ProbeEvent[];
  /** Killed by the watchdog: nothing arrived for this many ms. */
  stalledMs?: number;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** e.g. "45.4.1" */
  version: string;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url || 'the download host';
  }
}

function fileOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).pathname.split('/').pop() ?? url);
  } catch {
    return url;
  }
}

const STATUS_TEXT: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  407: 'Proxy Authentication Required',
  410: 'Gone',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function httpReason(status: number, url: string, version: string): string {
  const what = /SHASUMS256\.txt$/i.test(url) ? `its checksum list (${fileOf(url)})` : fileOf(url);
  const code = `HTTP ${status}${STATUS_TEXT[status] ? ` ${STATUS_TEXT[status]}` : ''}`;
  if ((status === 404 || status === 410) && /SHASUMS256\.txt$/i.test(url))
    return `the download server has no checksum list for Electron ${version} (${code} for ${url}); it is read because electron_use_remote_checksums is set`;
  if (status === 404 || status === 410)
    return `the download server has no Electron ${version} for this system (${code} for ${url}; check ELECTRON_MIRROR / ELECTRON_CUSTOM_DIR)`;
  if (status === 401 || status === 403 || status === 407)
    return `the download server refused ${what} (${code} from ${hostOf(url)}; a proxy or mirror that needs credentials?)`;
  if (status >= 500) return `the download server failed while sending ${what} (${code} from ${hostOf(url)}); try again later`;
  return `the download server answered ${code} for ${url}`;
}

const TLS_CODES = /^(CERT_|UNABLE_TO_|SELF_SIGNED_|DEPTH_ZERO_SELF_SIGNED_CERT|ERR_TLS_|ERR_SSL_|HOSTNAME_MISMATCH)/;

function networkReason(code: string, url: string, message: string): string | undefined {
  const host = hostOf(url);
  switch (code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NONAME':
      return `cannot look up the download host ${host} (DNS: ${code}); offline, or the name is wrong`;
    case 'ECONNREFUSED':
      return `the download host ${host} refused the connection (ECONNREFUSED); nothing is listening there`;
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return `the download host ${host} did not answer in time (${code}); offline or behind a firewall?`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ENETDOWN':
      return `the download host ${host} is unreachable (${code}); this machine seems to be offline`;
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return `the connection to the download host ${host} was cut off (${code}); try again`;
    default:
      if (TLS_CODES.test(code))
        return `the download host ${host} has a TLS certificate this machine does not trust (${code}); behind an inspecting proxy? Set NODE_EXTRA_CA_CERTS`;
      if (code) return `the download from ${host} failed (${code}: ${message})`;
      return undefined;
  }
}

/** "EACCES: permission denied, mkdir '/x/y'" and friends. */
const FS_ERROR = /\b(ENOSPC|EDQUOT|EACCES|EPERM|EROFS|ENOTDIR|EISDIR|EEXIST|EMFILE|ENFILE|EBUSY)\b:? ?([^,\n]*)(?:, \w+ '([^']+)')?/;

function fsReason(code: string, path: string | undefined): string {
  const where = path ? ` at ${path}` : '';
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return `the disk is full (${code}: no space left${where}); Electron needs about 300 MB`;
    case 'EACCES':
    case 'EPERM':
      return `cannot write the Electron download${where} (${code}: permission denied)`;
    case 'EROFS':
      return `cannot write the Electron download${where} (EROFS: read-only file system)`;
    case 'ENOTDIR':
    case 'EISDIR':
    case 'EEXIST':
      return `cannot write the Electron download${where} (${code}: a file is in the way; check electron_config_cache)`;
    default:
      return `cannot write the Electron download${where} (${code})`;
  }
}

/** The first line of the installer's error, without the "Error:" prefix and the stack. */
function firstErrorLine(output: string): string {
  const lines = output
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('at ') && !/^Downloading .*ETA/.test(l));
  const line = lines.find((l) => /error/i.test(l)) ?? lines[0] ?? '';
  const text = line.replace(/^(\w*Error|Error)(\s*\[\w+\])?:\s*/, '');
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

export function describeInstallFailure(f: InstallFailure): string {
  if (f.stalledMs !== undefined) {
    const last = [...f.events].reverse().find((e) => e.e === 'request' || e.e === 'headers' || e.e === 'bytes');
    const from = last ? ` from ${hostOf(last.url)}` : '';
    return `the Electron download${from} stalled: nothing arrived for ${Math.round(f.stalledMs / 1000)} s`;
  }

  // An HTTP error, seen by the probe (the status of the failing request) or in the installer's HTTPError.
  const failedAnswer = [...f.events].reverse().find((e): e is Extract<ProbeEvent, { e: 'headers' }> => e.e === 'headers' && e.status >= 400);
  if (failedAnswer) return httpReason(failedAnswer.status, failedAnswer.url, f.version);
  const http = /Response code (\d{3}) \([^)]*\) for (\S+)/.exec(f.output);
  if (http) return httpReason(Number(http[1]), http[2]!, f.version);

  if (/did not match expected checksum/i.test(f.output)) {
    const file = /checksum for "([^"]+)"/i.exec(f.output)?.[1];
    return `the downloaded ${file ?? 'Electron archive'} failed its checksum check (a corrupted download, or a mirror serving other files); nothing was installed`;
  }
  if (/No checksum found in checksum file/i.test(f.output)) {
    const file = /for "([^"]+)"/.exec(f.output)?.[1];
    return `the checksum list has no entry for ${file ?? 'the Electron archive'}, so it cannot be verified (a mirror with other files? set electron_use_remote_checksums=1 for a custom build)`;
  }
  if (/Could not parse checksum file/i.test(f.output)) return 'the checksum list from the download server is unreadable, so the download cannot be verified';

  const fsError = FS_ERROR.exec(f.output);
  if (fsError) return fsReason(fsError[1]!, fsError[3]);

  const netError = [...f.events].reverse().find((e): e is Extract<ProbeEvent, { e: 'error' }> => e.e === 'error');
  if (netError) {
    const reason = networkReason(netError.code, netError.url, netError.message);
    if (reason) return reason;
  }
  if (/fetch failed/.test(f.output)) {
    const tried = f.events.find((e) => e.e === 'request');
    return `cannot reach the download host${tried ? ` ${hostOf(tried.url)}` : ''} (fetch failed)`;
  }
  if (f.signal) return `the Electron installer was stopped (${f.signal})`;
  const line = firstErrorLine(f.output);
  return line ? `the Electron installer failed: ${line}` : `the Electron installer failed (exit code ${f.exitCode ?? '?'})`;
}
