// What the simulated IPS knows about job kinds: type strings, detail elements, job-log
// families, progress verbs and job names (English and Chinese). See
// docs/ips-api/constants.md (Job Types, Job Log Types).
import type { JobDetailElement } from '../../shared/domain.ts';
import type { Rng } from './rng.ts';
import type { XRecord } from './xml.ts';

export interface LogFamily {
  begin: string;
  end: string;
  success: string;
  error: string;
  /** Families without a warning type report warnings as DuplicateSkipped lines. */
  warning?: string;
}

const F = {
  upload: { begin: 'BeginUpload', end: 'EndUpload', success: 'UploadSuccess', error: 'UploadError', warning: 'UploadWarning' },
  uploadUrls: { begin: 'BeginUploadUrls', end: 'EndUploadUrls', success: 'UploadSuccess', error: 'UploadError', warning: 'UploadWarning' },
  isPublish: {
    begin: 'BeginImageServingPublish',
    end: 'EndImageServingPublish',
    success: 'ImageServingPublishSuccess',
    error: 'ImageServingPublishError',
    warning: 'ImageServingPublishWarning',
  },
  irPublish: {
    begin: 'BeginImageRenderingPublish',
    end: 'EndImageRenderingPublish',
    success: 'ImageRenderingPublishSuccess',
    error: 'ImageRenderingPublishError',
  },
  videoPublish: {
    begin: 'BeginVideoPublish',
    end: 'EndVideoPublish',
    success: 'VideoPublishSuccess',
    error: 'VideoPublishError',
    warning: 'VideoPublishWarning',
  },
  sdPublish: {
    begin: 'BeginServerDirectoryPublish',
    end: 'EndServerDirectoryPublish',
    success: 'ServerDirectoryPublishSuccess',
    error: 'ServerDirectoryPublishError',
    warning: 'ServerDirectoryPublishWarning',
  },
  metadata: { begin: 'BeginMetadata', end: 'EndMetadata', success: 'MetadataSuccess', error: 'MetadataFailure' },
  reoptimize: { begin: 'BeginReoptimize', end: 'EndReoptimize', success: 'ReoptimizeSuccess', error: 'ReoptimizeFailure' },
  cleanup: { begin: 'BeginDelete', end: 'EndDelete', success: 'DeleteSuccess', error: 'DeleteFailure' },
  exportGet: { begin: 'BeginGet', end: 'EndGet', success: 'ReturnSuccess', error: 'GetFailure' },
  pdfRip: { begin: 'BeginPdfRip', end: 'EndUpload', success: 'UploadSuccess', error: 'PdfRipError', warning: 'UploadWarning' },
  setGen: { begin: 'BeginTemplateMerge', end: 'EndTemplateMerge', success: 'TemplateMergeSuccess', error: 'TemplateMergeError' },
} satisfies Record<string, LogFamily>;

export type Media = 'image' | 'video' | 'pdf' | 'set' | 'metadata' | 'mixed';

export interface DetailContext {
  rng: Rng;
  rootPath: string;
  /** Asset handles of the company, to reference in export/reprocess jobs. */
  assetHandles: (kind: Media, n: number) => string[];
}

export interface JobKind {
  /** ActiveJob/ScheduledJob `type`. */
  type: string;
  /** The job-detail element (none for MetadataUpload and Cleanup, as documented). */
  element?: JobDetailElement;
  family: LogFamily;
  /** progressMessage verb: "<verb> 12 of 40". */
  verb: string;
  media: Media;
  /** Adds a video-transcoding TaskProgress while running. */
  video?: boolean;
  files: [number, number];
  /** JobLog/jobSubType values (Image Serving publish only). */
  subTypes?: string[];
  names: string[];
  detail(ctx: DetailContext): XRecord | undefined;
}

const EMAIL = ['All', 'Error', 'ErrorAndWarning', 'JobCompletion', 'None'];

const bool = (rng: Rng, p = 0.5): boolean => rng.chance(p);
/** The detail of the publish and optimize jobs: who is emailed. */
const emailOnly = ({ rng }: DetailContext): XRecord => ({ emailSetting: rng.pick(EMAIL) });

export const JOB_KINDS: readonly JobKind[] = [
  {
    type: 'ImageServingPublish',
    element: 'imageServingPublishJob',
    family: F.isPublish,
    verb: 'Publishing',
    media: 'image',
    files: [20, 400],
    subTypes: ['full', 'increment', 'fullwithsearch'],
    names: ['nightly-publish', 'Image Serving publish', 'spring-catalog-publish', '首页横幅发布', '图像服务发布'],
    detail: ({ rng }) => ({ publishType: rng.pick(['Full', 'Incremental', 'FullWithSearch']), emailSetting: rng.pick(EMAIL) }),
  },
  {
    type: 'ImageRenderingPublish',
    element: 'imageRenderingPublishJob',
    family: F.irPublish,
    verb: 'Publishing',
    media: 'set',
    files: [5, 80],
    names: ['render-publish', 'Room scenes publish', '渲染发布', '客厅场景发布'],
    detail: emailOnly,
  },
  {
    type: 'ServerDirectoryPublish',
    element: 'serverDirectoryPublishJob',
    family: F.sdPublish,
    verb: 'Publishing',
    media: 'image',
    files: [10, 200],
    names: ['server-dir-publish', 'Partner feed export', '服务器目录发布'],
    detail: emailOnly,
  },
  {
    type: 'ServerDirectoryPublishWithTemplate',
    element: 'serverDirectoryPublishJob',
    family: F.sdPublish,
    verb: 'Publishing',
    media: 'set',
    files: [10, 120],
    names: ['template-dir-publish', 'Print templates publish', '模板目录发布'],
    detail: emailOnly,
  },
  {
    type: 'VideoPublish',
    element: 'videoPublishJob',
    family: F.videoPublish,
    verb: 'Publishing',
    media: 'video',
    video: true,
    files: [2, 12],
    names: ['video-publish', 'Campaign videos publish', '视频发布', '新品视频发布'],
    detail: emailOnly,
  },
  {
    type: 'UploadFromServerDirectory',
    element: 'uploadDirectoryJob',
    family: F.upload,
    verb: 'Uploading',
    media: 'image',
    files: [10, 300],
    names: ['hourly-ftp-ingest', 'Supplier FTP ingest', '夏季新品上传', 'FTP 每日导入'],
    detail: ({ rng, rootPath }) => ({
      destFolder: `${rootPath}${rng.pick(['incoming/', 'products/2024/', 'banners/', '新品/'])}`,
      serverDir: rng.pick(['incoming', 'ftp/drop', 'supplier-a']),
      overwrite: bool(rng, 0.7),
      readyForPublish: bool(rng, 0.6),
      includeSubfolders: bool(rng),
      createMask: false,
      processMetadataFiles: bool(rng, 0.3),
      emailSetting: rng.pick(EMAIL),
    }),
  },
  {
    type: 'UrlUpload',
    element: 'uploadUrlsJob',
    family: F.uploadUrls,
    verb: 'Uploading',
    media: 'image',
    files: [3, 60],
    names: ['url-ingest', 'Marketplace images by URL', '网址批量上传'],
    detail: ({ rng, rootPath }) => {
      const n = rng.int(2, 4);
      const urls = [];
      for (let i = 1; i <= n; i++) urls.push({ sourceUrl: `https://cdn.example.com/src/item-${i}.jpg`, destPath: `${rootPath}web/item-${i}.jpg` });
      return { urlArray: { items: urls }, numUrls: n, overwrite: true, readyForPublish: bool(rng), createMask: false, emailSetting: rng.pick(EMAIL) };
    },
  },
  {
    type: 'MetadataUpload',
    family: F.metadata,
    verb: 'Processing',
    media: 'metadata',
    files: [20, 500],
    names: ['metadata-import', 'Product metadata sync', '元数据导入'],
    detail: () => undefined,
  },
  {
    type: 'ImageOptimization',
    element: 'optimizeImagesJob',
    family: F.reoptimize,
    verb: 'Optimizing',
    media: 'image',
    files: [20, 300],
    names: ['optimize-remaining', 'Optimize remaining files', '图片优化'],
    detail: emailOnly,
  },
  {
    type: 'Cleanup',
    family: F.cleanup,
    verb: 'Cleaning',
    media: 'mixed',
    files: [5, 150],
    names: ['Cleanup', 'Trash cleanup', '清理任务'],
    detail: () => undefined,
  },
  {
    type: 'UploadPost',
    element: 'uploadPostJob',
    family: F.upload,
    verb: 'Uploading',
    media: 'image',
    files: [1, 80],
    names: ['desktop-upload', 'Lookbook upload', '春季目录上传', '桌面上传'],
    detail: ({ rng }) => ({ overwrite: bool(rng, 0.7), readyForPublish: bool(rng), createMask: false, emailSetting: rng.pick(EMAIL) }),
  },
  {
    type: 'Export',
    element: 'exportJob',
    family: F.exportGet,
    verb: 'Exporting',
    media: 'image',
    files: [2, 120],
    names: ['asset-export', 'Agency export', '素材导出', '图片导出'],
    detail: ({ rng, assetHandles }) => ({
      assetHandleArray: { items: assetHandles('image', rng.int(2, 5)) },
      fmt: rng.pick(['orig', 'convert']),
      emailSetting: 'JobCompletion',
    }),
  },
  {
    type: 'ReprocessAssets',
    element: 'reprocessAssetsJob',
    family: F.upload,
    verb: 'Reprocessing',
    media: 'image',
    files: [2, 100],
    names: ['reprocess-assets', 'Re-crop hero images', '重新处理素材'],
    detail: ({ rng, assetHandles }) => ({
      assetHandleArray: { items: assetHandles('image', rng.int(2, 5)) },
      readyForPublish: bool(rng),
      createMask: false,
      emailSetting: rng.pick(EMAIL),
    }),
  },
  {
    type: 'RipPdfs',
    element: 'ripPdfsJob',
    family: F.pdfRip,
    verb: 'Ripping',
    media: 'pdf',
    files: [1, 20],
    names: ['rip-pdfs', 'Catalog PDF re-rip', 'PDF 重新解析'],
    detail: ({ rng, assetHandles }) => ({ pdfHandleArray: { items: assetHandles('pdf', rng.int(1, 3)) }, createMask: false, emailSetting: rng.pick(EMAIL) }),
  },
  {
    type: 'AutomatedSetGeneration',
    element: 'automatedSetGenerationJob',
    family: F.setGen,
    verb: 'Generating',
    media: 'set',
    files: [5, 60],
    names: ['auto-sets', 'Swatch set generation', '自动生成图集'],
    detail: ({ rng, rootPath, assetHandles }) => ({
      assetHandleArray: { items: assetHandles('image', rng.int(2, 5)) },
      destFolder: `${rootPath}sets/`,
      readyForPublish: bool(rng),
      autoSetCreationOptions: { autoSetsArray: { items: ['p|1|SwatchSets'] } },
      emailSetting: rng.pick(EMAIL),
    }),
  },
  {
    type: 'CreateVideoSitemap',
    element: 'createVideoSitemapJob',
    family: F.videoPublish,
    verb: 'Processing',
    media: 'video',
    files: [1, 30],
    names: ['video-sitemap', 'Video sitemap', '视频站点地图'],
    detail: () => ({ forceUpdate: true }),
  },
  {
    type: 'MetadataPublish',
    element: 'metadataPublishJob',
    family: F.metadata,
    verb: 'Publishing',
    media: 'metadata',
    files: [20, 400],
    names: ['metadata-publish', 'Metadata publish', '元数据发布'],
    detail: ({ rng }) => ({ forcePublish: rng.chance(0.2) }),
  },
];

export const JOB_KIND_BY_TYPE: ReadonlyMap<string, JobKind> = new Map(JOB_KINDS.map((k) => [k.type, k]));

/** submitJob detail element → job type (first kind using that element). */
export function kindForElement(element: string): JobKind | undefined {
  return JOB_KINDS.find((k) => k.element === element);
}

export { SUBMITTABLE_DETAIL_ELEMENTS as SUBMITTABLE_ELEMENTS } from '../../shared/domain.ts';

// ---------------------------------------------------------------------------
// Assets: names and job-log file types.

const WORDS_EN = [
  'summer-dress',
  'denim-jacket',
  'running-shoe',
  'leather-bag',
  'sunglasses',
  'wool-scarf',
  'desk-lamp',
  'armchair',
  'watch',
  'hero-banner',
  'lookbook',
  'swatch',
];
const WORDS_ZH = ['夏季连衣裙', '牛仔外套', '跑鞋', '皮包', '太阳镜', '羊毛围巾', '台灯', '扶手椅', '首页横幅', '新品'];

export interface SimAsset {
  handle: string;
  name: string;
  /** Asset type (getAssetsByName). */
  type: string;
  /** Job-log file type (JobLogDetail/assetType). */
  fileType: string;
  media: Media;
  folder: string;
  ext: string;
}

export function makeAssets(rng: Rng, companyId: number, rootPath: string, count: number): SimAsset[] {
  const out: SimAsset[] = [];
  for (let i = 0; i < count; i++) {
    const r = rng.next();
    const zh = rng.chance(0.3);
    const word = zh ? rng.pick(WORDS_ZH) : rng.pick(WORDS_EN);
    const name = `${word}-${String(i + 1).padStart(4, '0')}`;
    let media: Media = 'image';
    let type = 'Image';
    let fileType = 'MasterImage';
    let ext = rng.pick(['jpg', 'tif', 'png', 'psd']);
    if (r > 0.97) {
      media = 'metadata';
      type = 'Xml';
      fileType = 'Xml';
      ext = 'xml';
    } else if (r > 0.9) {
      media = 'pdf';
      type = 'Pdf';
      fileType = 'Pdf';
      ext = 'pdf';
    } else if (r > 0.8) {
      media = 'video';
      type = 'Video';
      fileType = 'Video';
      ext = rng.pick(['mp4', 'mov']);
    } else if (r > 0.72) {
      media = 'set';
      type = rng.pick(['ImageSet', 'SpinSet', 'RenderSet']);
      fileType = type;
      ext = '';
    }
    out.push({
      handle: `a|${companyId * 100000 + i + 1}`,
      name,
      type,
      fileType,
      media,
      folder: `${rootPath}${rng.pick(['products/', 'banners/', 'incoming/', '新品/'])}`,
      ext,
    });
  }
  return out;
}

export const SERVERS = ['ips-app-01', 'ips-app-02', 'ips-app-03', 'ips-batch-01'];
