// The IPS 2014-04-03 schema (job-management subset) as compact tables, following
// docs/ips-api/types.md and operations.md. One source for two consumers:
// wsdl-gen.ts writes wsdl/IpsApi-2014-04-03.wsdl from it, and normalize.ts uses it to
// coerce job-detail records (numbers, booleans, arrays) whatever the parser produced.

// Field: [name, type, minOccurs(0|1), maxOccurs('1'|'n')]. Types: s i b d l dt (xsd built-ins)
// or a complex type name (ips:). Complex types list every field minOccurs=0: they are
// response shapes (and echo inputs), and the reference is unreliable about presence.
export type Field = [string, string, 0 | 1] | [string, string];

export const XSD: Record<string, string> = { s: 'xsd:string', i: 'xsd:int', b: 'xsd:boolean', d: 'xsd:double', l: 'xsd:long', dt: 'xsd:dateTime' };
export const t = (x: string): string => XSD[x] ?? `ips:${x}`;

export const arrays: Record<string, string> = {
  StringArray: 's',
  HandleArray: 's',
  UrlArray: 's',
  ActiveJobArray: 'ActiveJob',
  ScheduledJobArray: 'ScheduledJob',
  JobLogArray: 'JobLog',
  JobLogDetailArray: 'JobLogDetail',
  JobLogDetailAuxArray: 'JobLogDetailAux',
  AssetJobLogArray: 'AssetJobLog',
  TaskProgressArray: 'TaskProgress',
  TaskItemProgressArray: 'TaskItemProgress',
  UploadUrlArray: 'UploadUrl',
  CompanyArray: 'Company',
  CompanyMembershipArray: 'CompanyMembership',
  AssetArray: 'Asset',
};

const jobDetails: Field[] = [
  ['imageServingPublishJob', 'ImageServingPublishJob'],
  ['imageRenderingPublishJob', 'ImageRenderingPublishJob'],
  ['videoPublishJob', 'VideoPublishJob'],
  ['serverDirectoryPublishJob', 'ServerDirectoryPublishJob'],
  ['metadataPublishJob', 'MetadataPublishJob'],
  ['uploadDirectoryJob', 'UploadDirectoryJob'],
  ['uploadUrlsJob', 'UploadUrlsJob'],
];
const jobDetailsTail: Field[] = [
  ['optimizeImagesJob', 'OptimizeImagesJob'],
  ['ripPdfsJob', 'RipPdfsJob'],
  ['reprocessAssetsJob', 'ReprocessAssetsJob'],
  ['createVideoSitemapJob', 'CreateVideoSitemapJob'],
  ['exportJob', 'ExportJob'],
  ['automatedSetGenerationJob', 'AutomatedSetGenerationJob'],
];

const crop: Field[] = [
  ['knockoutBackgroundOptions', 'KnockoutBackgroundOptions'],
  ['manualCropOptions', 'ManualCropOptions'],
  ['autoColorCropOptions', 'AutoColorCropOptions'],
  ['autoTransparentCropOptions', 'AutoTransparentCropOptions'],
];
const postPublish: Field[] = [
  ['postImageServingPublishJob', 'ImageServingPublishJob'],
  ['postImageRenderingPublishJob', 'ImageRenderingPublishJob'],
  ['postVideoPublishJob', 'VideoPublishJob'],
];

export const types: Record<string, Field[]> = {
  ActiveJob: [
    ['companyHandle', 's'], ['jobHandle', 's'], ['name', 's'], ['originalName', 's'], ['type', 's'], ['state', 's'],
    ['submitUserEmail', 's'], ['locale', 's'], ['description', 's'], ['serverName', 's'], ['startDate', 'dt'],
    ['triggerTime', 'dt'],
    // Ref. says string, inferred int; kept string so either survives parsing (types.md #3).
    ['totalSize', 's'],
    ['progress', 'i'],
    // Ref. says int but it is text (types.md #2).
    ['progressMessage', 's'],
    ['lastProgressUpdate', 'dt'], ['taskProgressArray', 'TaskProgressArray'],
    ...jobDetails, ['uploadPostJob', 'UploadPostJob'], ...jobDetailsTail,
  ],
  ScheduledJob: [
    ['companyHandle', 's'], ['jobHandle', 's'], ['name', 's'], ['originalName', 's'], ['type', 's'],
    ['submitUserEmail', 's'], ['locale', 's'], ['description', 's'], ['execSchedule', 's'], ['nextFireTime', 'dt'],
    ['timeZone', 's'], ['triggerState', 's'], ...jobDetails, ...jobDetailsTail,
  ],
  TaskProgress: [
    ['taskType', 's'], ['taskState', 's'], ['numProcessed', 'i'], ['numProcessing', 'i'], ['numPending', 'i'],
    ['progress', 'd'], ['progressMessage', 's'], ['lastProgressUpdate', 'dt'], ['taskItemProgressArray', 'TaskItemProgressArray'],
  ],
  TaskItemProgress: [['itemName', 's'], ['progress', 'd'], ['progressMessage', 's'], ['lastProgressUpdate', 'dt']],
  JobLog: [
    ['companyHandle', 's'], ['jobHandle', 's'], ['jobName', 's'], ['originalJobName', 's'], ['submitUserEmail', 's'],
    ['logType', 's'], ['jobSubType', 's'], ['startDate', 'dt'], ['endDate', 'dt'], ['description', 's'],
    ['fileSuccessCount', 'i'], ['fileErrorCount', 'i'], ['fileWarningCount', 'i'], ['fileDuplicateCount', 'i'],
    ['fileUpdateCount', 'i'], ['totalFileCount', 'i'], ['transferSuccessCount', 'i'], ['transferErrorCount', 'i'],
    ['transferWarningCount', 'i'], ['fatalError', 'b'], ['detailTotalRows', 'i'], ['detailArray', 'JobLogDetailArray'],
  ],
  JobLogDetail: [
    ['logMessage', 's'], ['logType', 's'], ['dateCreated', 'dt'], ['assetName', 's'], ['assetType', 's'],
    ['assetHandle', 's'], ['auxArray', 'JobLogDetailAuxArray'],
  ],
  JobLogDetailAux: [['logMessage', 's'], ['logType', 's'], ['dateCreated', 'dt']],
  AssetJobLog: [
    ['jobHandle', 's'], ['jobName', 's'], ['logMessage', 's'], ['logType', 's'], ['submitUserEmail', 's'],
    ['logDate', 'dt'], ['auxArray', 'JobLogDetailAuxArray'],
  ],
  ImageServingPublishJob: [['publishType', 's'], ['emailSetting', 's'], ['httpCompletionUrl', 's'], ['contextHandle', 's']],
  ImageRenderingPublishJob: [['emailSetting', 's'], ['httpCompletionUrl', 's'], ['contextHandle', 's']],
  VideoPublishJob: [['emailSetting', 's'], ['httpCompletionUrl', 's'], ['contextHandle', 's']],
  ServerDirectoryPublishJob: [['emailSetting', 's'], ['httpCompletionUrl', 's']],
  MetadataPublishJob: [['forcePublish', 'b']],
  OptimizeImagesJob: [['emailSetting', 's']],
  CreateVideoSitemapJob: [['forceUpdate', 'b']],
  AutomatedSetGenerationJob: [
    ['assetHandleArray', 'HandleArray'], ['destFolder', 's'], ['readyForPublish', 'b'],
    ['autoSetCreationOptions', 'AutoSetCreationOptions'], ['emailSetting', 's'],
  ],
  ExportJob: [
    ['assetHandleArray', 'HandleArray'], ['fmt', 's'], ['is_modifier', 's'], ['macro', 's'], ['emailSetting', 's'], ['clientId', 's'],
  ],
  ReprocessAssetsJob: [
    ['assetHandleArray', 'HandleArray'], ['readyForPublish', 'b'], ['preservePublishState', 'b'], ['createMask', 'b'],
    ['preserveCrop', 'b'], ...crop, ['photoshopOptions', 'PhotoshopOptions'], ['postScriptOptions', 'PostScriptOptions'],
    ['pdfOptions', 'PDFOptions'], ['mediaOptions', 'MediaOptions'], ['illustratorOptions', 'IllustratorOptions'],
    ['colorManagementOptions', 'ColorManagementOptions'], ['autoSetCreationOptions', 'AutoSetCreationOptions'],
    ['projectHandleArray', 'HandleArray'], ['emailSetting', 's'], ['postJobOnlyIfFiles', 'b'], ['postHttpUrl', 's'],
    ...postPublish, ['inDesignOptions', 'InDesignOptions'], ['unsharpMaskOptions', 'UnsharpMaskOptions'],
    ['excludeMasterVideoFromAVS', 'b'],
  ],
  RipPdfsJob: [
    ['pdfHandleArray', 'HandleArray'], ['createMask', 'b'], ...crop, ['postScriptOptions', 'PostScriptOptions'],
    ['pdfOptions', 'PDFOptions'], ['illustratorOptions', 'IllustratorOptions'], ['colorManagementOptions', 'ColorManagementOptions'],
    ['projectHandleArray', 'HandleArray'], ['emailSetting', 's'], ['postHttpUrl', 's'], ...postPublish,
    ['inDesignOptions', 'InDesignOptions'],
  ],
  UploadDirectoryJob: [
    ['destFolder', 's'], ['serverDir', 's'], ['overwrite', 'b'], ['readyForPublish', 'b'], ['preservePublishState', 'b'],
    ['includeSubfolders', 'b'], ['createMask', 'b'], ['processMetadataFiles', 'b'], ['preserveCrop', 'b'], ...crop,
    ['photoshopOptions', 'PhotoshopOptions'], ['postScriptOptions', 'PostScriptOptions'], ['pdfOptions', 'PDFOptions'],
    ['illustratorOptions', 'IllustratorOptions'], ['colorManagementOptions', 'ColorManagementOptions'],
    ['autoSetCreationOptions', 'AutoSetCreationOptions'], ['projectHandleArray', 'HandleArray'], ['emailSetting', 's'],
    ['postJobOnlyIfFiles', 'b'], ['postHttpUrl', 's'], ...postPublish, ['mediaOptions', 'MediaOptions'],
    ['inDesignOptions', 'InDesignOptions'], ['xmpKeywords', 's'], ['unsharpMaskOptions', 'UnsharpMaskOptions'],
    ['unCompressOptions', 'UnCompressOptions'], ['excludeMasterVideoFromAVS', 'b'],
  ],
  UploadUrlsJob: [
    ['urlArray', 'UploadUrlArray'], ['numUrls', 'i'], ['overwrite', 'b'], ['readyForPublish', 'b'], ['preservePublishState', 'b'],
    ['createMask', 'b'], ['preserveCrop', 'b'], ...crop, ['photoshopOptions', 'PhotoshopOptions'],
    ['postScriptOptions', 'PostScriptOptions'], ['pdfOptions', 'PDFOptions'], ['illustratorOptions', 'IllustratorOptions'],
    ['colorManagementOptions', 'ColorManagementOptions'], ['autoSetCreationOptions', 'AutoSetCreationOptions'],
    ['projectHandleArray', 'HandleArray'], ['emailSetting', 's'], ['postJobOnlyIfFiles', 'b'], ['postHttpUrl', 's'],
    ...postPublish, ['mediaOptions', 'MediaOptions'], ['inDesignOptions', 'InDesignOptions'], ['xmpKeywords', 's'],
    ['unsharpMaskOptions', 'UnsharpMaskOptions'], ['unCompressOptions', 'UnCompressOptions'], ['excludeMasterVideoFromAVS', 'b'],
  ],
  UploadUrl: [['sourceUrl', 's'], ['destPath', 's']],
  UploadPostJob: [
    ['overwrite', 'b'], ['readyForPublish', 'b'], ['preservePublishState', 'b'], ['createMask', 'b'], ['preserveCrop', 'b'],
    ...crop, ['photoshopOptions', 'PhotoshopOptions'], ['postScriptOptions', 'PostScriptOptions'], ['pdfOptions', 'PDFOptions'],
    ['illustratorOptions', 'IllustratorOptions'], ['colorManagementOptions', 'ColorManagementOptions'],
    ['autoSetCreationOptions', 'AutoSetCreationOptions'], ['projectHandleArray', 'HandleArray'], ['emailSetting', 's'],
    ['postHttpUrl', 's'], ['mediaOptions', 'MediaOptions'], ['inDesignOptions', 'InDesignOptions'], ['xmpKeywords', 's'],
    ['unsharpMaskOptions', 'UnsharpMaskOptions'], ['unCompressOptions', 'UnCompressOptions'], ['excludeMasterVideoFromAVS', 'b'],
  ],
  ManualCropOptions: [['left', 'i'], ['right', 'i'], ['top', 'i'], ['bottom', 'i']],
  AutoColorCropOptions: [['corner', 's'], ['tolerance', 'd']],
  AutoTransparentCropOptions: [['tolerance', 'd']],
  KnockoutBackgroundOptions: [['corner', 's'], ['tolerance', 'd'], ['fillMethod', 's']],
  ColorManagementOptions: [['colorManagement', 's'], ['sourceProfileHandle', 's'], ['outputProfileHandle', 's']],
  PhotoshopOptions: [['process', 's'], ['layerOptions', 'PhotoshopLayerOptions']],
  PhotoshopLayerOptions: [['layerNaming', 's'], ['anchor', 's'], ['createTemplate', 'b'], ['extractText', 'b'], ['extendLayers', 'b']],
  PostScriptOptions: [['process', 's'], ['resolution', 'd'], ['colorspace', 's'], ['alpha', 'b'], ['extractSearchWords', 'b']],
  PDFOptions: [
    ['process', 's'], ['resolution', 'd'], ['colorspace', 's'], ['pdfCatalog', 'b'], ['extractSearchWords', 'b'], ['extractLinks', 'b'],
  ],
  IllustratorOptions: [['process', 's'], ['resolution', 'd'], ['colorspace', 's'], ['alpha', 'b']],
  InDesignOptions: [['process', 's']],
  MediaOptions: [['videoEncodingPresetsArray', 'HandleArray'], ['generateThumbnail', 'b'], ['thumbnailOptions', 'ThumbnailOptions']],
  ThumbnailOptions: [['thumbnailTime', 'l']],
  UnsharpMaskOptions: [['amount', 'd'], ['radius', 'd'], ['threshold', 'i'], ['monochrome', 'i']],
  UnCompressOptions: [['process', 's']],
  AutoSetCreationOptions: [['autoSetsArray', 'HandleArray']],
  Company: [['companyHandle', 's'], ['name', 's'], ['rootPath', 's'], ['expires', 'dt'], ['imsOrgId', 's']],
  CompanyMembership: [['company', 'Company'], ['role', 's'], ['isActive', 'b']],
  User: [
    ['userHandle', 's'], ['firstName', 's'], ['lastName', 's'], ['email', 's'], ['defaultRole', 's'], ['isValid', 'b'],
    ['passwordExpires', 'dt'],
  ],
  // Abridged to what the tray app needs (operations.md, getAssetsByName).
  Asset: [['assetHandle', 's'], ['type', 's'], ['name', 's']],
};

// Operations: [name, param fields (with inferred occurs), return fields]. Return fields are all 0..1.
const jobRef: Field[] = [['companyHandle', 's', 1], ['jobHandle', 's', 1]];
export const ops: Array<[string, Field[], Field[]]> = [
  ['getActiveJobs', [['companyHandle', 's', 0], ['jobHandle', 's', 0], ['originalName', 's', 0], ['includeWaitingJobs', 'b', 0]], [['jobArray', 'ActiveJobArray']]],
  ['getScheduledJobs', [['companyHandle', 's', 0], ['jobHandle', 's', 0], ['originalName', 's', 0]], [['jobArray', 'ScheduledJobArray']]],
  [
    'getJobLogs',
    [
      ['companyHandle', 's', 0], ['userHandle', 's', 0], ['sortBy', 's', 0], ['sortDirection', 's', 0],
      ['startDate', 'dt', 0], ['endDate', 'dt', 0], ['numRows', 'i', 0],
    ],
    [['jobLogArray', 'JobLogArray']],
  ],
  [
    'getJobLogDetails',
    [
      ['companyHandle', 's', 1], ['jobHandle', 's', 0], ['originalName', 's', 0], ['logTypeArray', 'StringArray', 0],
      ['recordsPerPage', 'i', 0], ['resultsPage', 'i', 0], ['sortBy', 's', 0], ['sortDirection', 's', 0],
    ],
    [['jobLogArray', 'JobLogArray']],
  ],
  ['getAssetJobLogs', [['companyHandle', 's', 1], ['assetHandle', 's', 1]], [['jobLogArray', 'AssetJobLogArray']]],
  [
    'submitJob',
    [
      ['companyHandle', 's', 1], ['userHandle', 's', 0], ['jobName', 's', 1], ['locale', 's', 0], ['execTime', 'dt', 0],
      ['execSchedule', 's', 0], ['description', 's', 0], ...jobDetails, ...jobDetailsTail,
    ],
    [['jobHandle', 's']],
  ],
  ['stopJob', jobRef, []],
  ['pauseJob', jobRef, []],
  ['resumeJob', jobRef, []],
  ['deleteJob', jobRef, []],
  ['executeJob', jobRef, []],
  ['getCompanyMembership', [['userHandle', 's', 0]], [['membershipArray', 'CompanyMembershipArray']]],
  ['getCompanyInfo', [['companyHandle', 's', 0], ['companyName', 's', 0]], [['companyInfo', 'Company']]],
  ['getUserInfo', [['userHandle', 's', 0], ['email', 's', 0]], [['userInfo', 'User']]],
  ['checkLogin', [['companyHandle', 's', 0], ['email', 's', 1], ['password', 's', 1]], [['status', 's']]],
  [
    'getAssetsByName',
    [
      ['companyHandle', 's', 1], ['accessUserHandle', 's', 0], ['accessGroupHandle', 's', 0], ['nameArray', 'StringArray', 1],
      ['assetTypeArray', 'StringArray', 0], ['excludeAssetTypeArray', 'StringArray', 0], ['assetSubTypeArray', 'StringArray', 0],
      ['strictSubTypeCheck', 'b', 0], ['responseFieldArray', 'StringArray', 0], ['excludeFieldArray', 'StringArray', 0],
    ],
    [['assetArray', 'AssetArray']],
  ],
];

