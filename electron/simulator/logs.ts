// Job-log detail lines, generated on demand from a run's plan and current state (so
// 50 000 history logs cost nothing until someone opens one). Messages are localized per
// authHeader/locale (en, zh-CN, zh-TW).
import type { SimAsset } from './catalog.ts';
import { FILE_DUPLICATE, FILE_ERROR, FILE_SUCCESS, FILE_UPDATE, FILE_WARNING, fileOutcome } from './outcomes.ts';
import { fileDoneEff, realTimeOf } from './timeline.ts';
import type { Run, RunSnapshot } from './types.ts';
import type { World } from './world.ts';

export interface DetailRow {
  logMessage: string;
  logType: string;
  dateCreated: number;
  assetName?: string;
  assetType?: string;
  assetHandle?: string;
  auxArray?: Array<{ logMessage: string; logType: string; dateCreated: number }>;
  /** Generation order, for stable sorting. */
  seq: number;
}

type Lang = 'en' | 'zhHans' | 'zhHant';

export function langOf(locale: string | undefined): Lang {
  const l = (locale ?? '').toLowerCase();
  if (l.startsWith('zh')) return l.includes('tw') || l.includes('hk') || l.includes('hant') ? 'zhHant' : 'zhHans';
  return 'en';
}

type Msg = (a: Record<string, string | number>) => string;
const M: Record<string, Record<Lang, Msg>> = {
  begin: {
    en: (a) => `Job '${a.name}' has begun on ${a.server}`,
    zhHans: (a) => `作业“${a.name}”已在 ${a.server} 上开始`,
    zhHant: (a) => `作業「${a.name}」已在 ${a.server} 上開始`,
  },
  success: {
    en: (a) => `${a.path} was processed successfully`,
    zhHans: (a) => `${a.path} 已成功处理`,
    zhHant: (a) => `${a.path} 已成功處理`,
  },
  updated: {
    en: (a) => `${a.path} was processed into IPS, replacing the existing asset`,
    zhHans: (a) => `${a.path} 已处理并替换现有素材`,
    zhHant: (a) => `${a.path} 已處理並取代現有素材`,
  },
  warning: {
    en: (a) => `${a.path} was processed with warnings`,
    zhHans: (a) => `${a.path} 已处理，但有警告`,
    zhHant: (a) => `${a.path} 已處理，但有警告`,
  },
  warningAux: {
    en: () => 'Embedded color profile is not supported; sRGB was assumed',
    zhHans: () => '不支持嵌入的颜色配置文件，已按 sRGB 处理',
    zhHant: () => '不支援內嵌的色彩描述檔，已按 sRGB 處理',
  },
  error: {
    en: (a) => `${a.path} could not be processed`,
    zhHans: (a) => `${a.path} 无法处理`,
    zhHant: (a) => `${a.path} 無法處理`,
  },
  errorAux: {
    en: () => 'The file is corrupt or truncated (unexpected end of data)',
    zhHans: () => '文件已损坏或不完整（数据意外结束）',
    zhHant: () => '檔案已損毀或不完整（資料意外結束）',
  },
  duplicate: {
    en: (a) => `${a.path} is a duplicate and was skipped`,
    zhHans: (a) => `${a.path} 是重复文件，已跳过`,
    zhHant: (a) => `${a.path} 是重複檔案，已略過`,
  },
  fatal: {
    en: (a) => `Fatal error while processing ${a.path}: the job was aborted`,
    zhHans: (a) => `处理 ${a.path} 时发生致命错误：作业已中止`,
    zhHant: (a) => `處理 ${a.path} 時發生致命錯誤：作業已中止`,
  },
  cancel: {
    en: (a) => `${a.path} was not processed: the job was stopped`,
    zhHans: (a) => `${a.path} 未处理：作业已停止`,
    zhHant: (a) => `${a.path} 未處理：作業已停止`,
  },
  end: {
    en: (a) => `Job '${a.name}' finished: ${a.ok} succeeded, ${a.upd} updated, ${a.warn} warnings, ${a.err} errors, ${a.dup} duplicates`,
    zhHans: (a) => `作业“${a.name}”已完成：成功 ${a.ok}，更新 ${a.upd}，警告 ${a.warn}，错误 ${a.err}，重复 ${a.dup}`,
    zhHant: (a) => `作業「${a.name}」已完成：成功 ${a.ok}，更新 ${a.upd}，警告 ${a.warn}，錯誤 ${a.err}，重複 ${a.dup}`,
  },
  exportReady: {
    en: (a) => `Export package ready: ${a.url} (${a.n} files)`,
    zhHans: (a) => `导出文件包已就绪：${a.url}（${a.n} 个文件）`,
    zhHant: (a) => `匯出檔案包已就緒：${a.url}（${a.n} 個檔案）`,
  },
  stopped: {
    en: (a) => `Job '${a.name}' was stopped after ${a.done} of ${a.total} files`,
    zhHans: (a) => `作业“${a.name}”已在处理 ${a.done}/${a.total} 个文件后停止`,
    zhHant: (a) => `作業「${a.name}」已在處理 ${a.done}/${a.total} 個檔案後停止`,
  },
};

function msg(key: string, lang: Lang, args: Record<string, string | number> = {}): string {
  const m = M[key];
  return m ? m[lang](args) : key;
}

/** The asset a run's i-th file refers to. */
export function assetOf(world: World, run: Run, i: number): SimAsset | undefined {
  const uploaded = run.upload?.fileNames[i];
  if (uploaded !== undefined) {
    const slash = uploaded.lastIndexOf('/');
    const file = uploaded.slice(slash + 1);
    const dot = file.lastIndexOf('.');
    const ext = dot > 0 ? file.slice(dot + 1) : '';
    const video = /^(mp4|mov|m4v|avi|webm)$/i.test(ext);
    const pdf = /^pdf$/i.test(ext);
    return {
      handle: `a|${run.runId * 1000 + i + 1}`,
      name: dot > 0 ? file.slice(0, dot) : file,
      type: video ? 'Video' : pdf ? 'Pdf' : 'Image',
      fileType: video ? 'Video' : pdf ? 'Pdf' : 'MasterImage',
      media: video ? 'video' : pdf ? 'pdf' : 'image',
      folder: slash >= 0 ? uploaded.slice(0, slash + 1) : '',
      ext,
    };
  }
  const c = world.companies.get(run.companyHandle);
  if (!c) return undefined;
  const pool = c.pools.get(run.kind.media) ?? c.assets;
  if (pool.length === 0) return undefined;
  return pool[(run.seed + i) % pool.length];
}

/** For getAssetJobLogs: the file indexes (< processed) of `run` that refer to pool index `poolIndex`. */
export function fileIndexesForAsset(run: Run, poolLength: number, poolIndex: number, processed: number): number[] {
  const out: number[] = [];
  if (poolLength === 0) return out;
  let i = (((poolIndex - run.seed) % poolLength) + poolLength) % poolLength;
  for (; i < processed; i += poolLength) out.push(i);
  return out;
}

function pathOf(a: SimAsset | undefined, i: number): string {
  if (!a) return `file-${i + 1}`;
  return `${a.folder}${a.name}${a.ext ? `.${a.ext}` : ''}`;
}

/** One file's line. */
export function fileRow(world: World, run: Run, i: number, lang: Lang, seq: number): DetailRow {
  const fam = run.kind.family;
  const a = assetOf(world, run, i);
  const path = pathOf(a, i);
  const date = Math.round(realTimeOf(run, fileDoneEff(run.plan, i)));
  const base = {
    dateCreated: date,
    ...(a ? { assetName: a.name, assetType: a.fileType, assetHandle: a.handle } : {}),
    seq,
  };
  switch (fileOutcome(run, i)) {
    case FILE_SUCCESS:
      return { logMessage: msg('success', lang, { path }), logType: fam.success, ...base };
    case FILE_UPDATE:
      return { logMessage: msg('updated', lang, { path }), logType: 'FileUpdated', ...base };
    case FILE_WARNING:
      return {
        logMessage: msg('warning', lang, { path }),
        logType: fam.warning ?? 'UploadWarning',
        ...base,
        auxArray: [{ logMessage: msg('warningAux', lang), logType: 'UploadWarning', dateCreated: date }],
      };
    case FILE_ERROR:
      return {
        logMessage: msg('error', lang, { path }),
        logType: fam.error,
        ...base,
        auxArray: [{ logMessage: msg('errorAux', lang), logType: 'UploadError', dateCreated: date }],
      };
    case FILE_DUPLICATE:
    default:
      return { logMessage: msg('duplicate', lang, { path }), logType: 'DuplicateSkipped', ...base };
  }
}

/** Every detail line of a run as of `snap`, in date order. */
export function detailRows(world: World, run: Run, snap: RunSnapshot, locale: string | undefined): DetailRow[] {
  const lang = langOf(locale ?? run.locale);
  const fam = run.kind.family;
  const rows: DetailRow[] = [];
  let seq = 0;
  const t0 = run.t0;
  rows.push({ logMessage: msg('begin', lang, { name: run.name, server: run.serverName }), logType: fam.begin, dateCreated: t0, seq: seq++ });
  rows.push({ logMessage: run.originalName, logType: 'OriginalJobName', dateCreated: t0, seq: seq++ });
  rows.push({ logMessage: run.type, logType: 'JobType', dateCreated: t0, seq: seq++ });
  rows.push({ logMessage: `${run.serverName}.scene7.example`, logType: 'JobClient', dateCreated: t0, seq: seq++ });
  rows.push({ logMessage: String(run.plan.files), logType: 'TotalFileCount', dateCreated: t0, seq: seq++ });
  for (let i = 0; i < snap.processed; i++) rows.push(fileRow(world, run, i, lang, seq++));
  const end = snap.endDate ?? 0;
  if (snap.fatal) {
    const i = snap.processed;
    const a = assetOf(world, run, i);
    rows.push({
      logMessage: msg('fatal', lang, { path: pathOf(a, i) }),
      logType: 'FatalError',
      dateCreated: end,
      ...(a ? { assetName: a.name, assetType: a.fileType, assetHandle: a.handle } : {}),
      seq: seq++,
    });
  }
  if (snap.stopped && snap.processed < run.plan.files) {
    const i = snap.processed;
    const a = assetOf(world, run, i);
    rows.push({
      logMessage: msg('cancel', lang, { path: pathOf(a, i) }),
      logType: 'FileCancel',
      dateCreated: run.stopAt ?? end,
      ...(a ? { assetName: a.name, assetType: a.fileType, assetHandle: a.handle } : {}),
      seq: seq++,
    });
  }
  if (snap.finished && run.type === 'Export' && !snap.fatal && !snap.stopped) {
    // Simulator-only: where the exported files can be fetched (upload-post.md §7).
    const n = snap.counts.fileSuccessCount + snap.counts.fileUpdateCount + snap.counts.fileWarningCount;
    rows.push({ logMessage: msg('exportReady', lang, { url: exportUrl(world, run), n }), logType: 'FileEnd', dateCreated: end, seq: seq++ });
  }
  if (snap.finished) {
    const c = snap.counts;
    const text = snap.stopped
      ? msg('stopped', lang, { name: run.name, done: snap.processed, total: run.plan.files })
      : msg('end', lang, {
          name: run.name,
          ok: c.fileSuccessCount,
          upd: c.fileUpdateCount,
          warn: c.fileWarningCount,
          err: c.fileErrorCount,
          dup: c.fileDuplicateCount,
        });
    rows.push({ logMessage: text, logType: fam.end, dateCreated: end, seq });
  }
  return rows;
}

/** The download link of a finished export job (served by the simulator). */
export function exportUrl(world: World, run: Run): string {
  return `${world.baseUrl}/scene7/export/${run.runId}.zip`;
}

/** JobLog/logType for the log as a whole: Begin… while running, End… once done. */
export function logTypeOf(run: Run, snap: RunSnapshot): string {
  return snap.finished ? run.kind.family.end : run.kind.family.begin;
}
