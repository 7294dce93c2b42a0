// The IPS 2014-04-03 schema's complex types (job-management subset) as compact tables, following
// docs/ips-api/types.md and operations.md. One source for two consumers:
// wsdl-gen.ts writes wsdl/IpsApi-2014-04-03.wsdl from it, and normalize.ts uses it to
// coerce job-detail records (numbers, booleans, arrays) whatever the parser produced.

// Field: [name, type, minOccurs(0|1)], written with fields`…` below. Types: s i b d l dt (xsd built-ins)
// or a complex type name (ips:). Complex types list every field minOccurs=0: they are
// response shapes (and echo inputs), and the reference is unreliable about presence.
export type Field = [string, string, 0 | 1] | [string, string];

/**
 * A Field list written compactly: whitespace-separated `name` (an xsd:string), `name:type`,
 * and `name!` / `name!:type` for minOccurs=1; an interpolated Field list stands where it is put.
 * For example fields`companyHandle! startDate:dt ${jobDetails}`.
 */
export function fields(text: TemplateStringsArray, ...lists: Field[][]): Field[] {
  return text.flatMap((part, i) => [...part.split(/\s+/).filter(Boolean).map(field), ...(lists[i] ?? [])]);
}

function field(token: string): Field {
  const m = /^(\w+)(!?)(?::(\w+))?$/.exec(token);
  if (!m) throw new Error(`Not a schema field: ${token}`);
  const [, name, required, type] = m;
  return required ? [name!, type ?? 's', 1] : [name!, type ?? 's'];
}

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

export const jobDetails: Field[] = fields`imageServingPublishJob:ImageServingPublishJob imageRenderingPublishJob:ImageRenderingPublishJob videoPublishJob:VideoPublishJob
  serverDirectoryPublishJob:ServerDirectoryPublishJob metadataPublishJob:MetadataPublishJob uploadDirectoryJob:UploadDirectoryJob
  uploadUrlsJob:UploadUrlsJob`;
export const jobDetailsTail: Field[] = fields`optimizeImagesJob:OptimizeImagesJob ripPdfsJob:RipPdfsJob reprocessAssetsJob:ReprocessAssetsJob createVideoSitemapJob:CreateVideoSitemapJob
  exportJob:ExportJob automatedSetGenerationJob:AutomatedSetGenerationJob`;

const crop: Field[] = fields`knockoutBackgroundOptions:KnockoutBackgroundOptions manualCropOptions:ManualCropOptions autoColorCropOptions:AutoColorCropOptions
  autoTransparentCropOptions:AutoTransparentCropOptions`;
const postPublish: Field[] = fields`postImageServingPublishJob:ImageServingPublishJob postImageRenderingPublishJob:ImageRenderingPublishJob postVideoPublishJob:VideoPublishJob`;

/** How the upload jobs process each file: crop, then the options per file type, then the project. */
const fileOptions: Field[] = fields`${crop} photoshopOptions:PhotoshopOptions postScriptOptions:PostScriptOptions pdfOptions:PDFOptions illustratorOptions:IllustratorOptions
  colorManagementOptions:ColorManagementOptions autoSetCreationOptions:AutoSetCreationOptions projectHandleArray:HandleArray`;
/** Who is told when the job ends, and the publish jobs that follow it. */
const notify: Field[] = fields`emailSetting postJobOnlyIfFiles:b postHttpUrl ${postPublish}`;
/** The end of every upload job's sequence. */
const uploadTail: Field[] = fields`mediaOptions:MediaOptions inDesignOptions:InDesignOptions xmpKeywords unsharpMaskOptions:UnsharpMaskOptions unCompressOptions:UnCompressOptions
  excludeMasterVideoFromAVS:b`;

export const types: Record<string, Field[]> = {
  // totalSize: the reference says string, inferred int; kept string so either survives parsing (types.md #3).
  // progressMessage: the reference says int but it is text (types.md #2).
  ActiveJob: fields`companyHandle jobHandle name originalName type state submitUserEmail locale description serverName startDate:dt triggerTime:dt totalSize
    progress:i progressMessage lastProgressUpdate:dt taskProgressArray:TaskProgressArray ${jobDetails} uploadPostJob:UploadPostJob ${jobDetailsTail}`,
  ScheduledJob: fields`companyHandle jobHandle name originalName type submitUserEmail locale description execSchedule nextFireTime:dt timeZone triggerState ${jobDetails}
    ${jobDetailsTail}`,
  TaskProgress: fields`taskType taskState numProcessed:i numProcessing:i numPending:i progress:d progressMessage lastProgressUpdate:dt
    taskItemProgressArray:TaskItemProgressArray`,
  TaskItemProgress: fields`itemName progress:d progressMessage lastProgressUpdate:dt`,
  JobLog: fields`companyHandle jobHandle jobName originalJobName submitUserEmail logType jobSubType startDate:dt endDate:dt description fileSuccessCount:i
    fileErrorCount:i fileWarningCount:i fileDuplicateCount:i fileUpdateCount:i totalFileCount:i transferSuccessCount:i transferErrorCount:i
    transferWarningCount:i fatalError:b detailTotalRows:i detailArray:JobLogDetailArray`,
  JobLogDetail: fields`logMessage logType dateCreated:dt assetName assetType assetHandle auxArray:JobLogDetailAuxArray`,
  JobLogDetailAux: fields`logMessage logType dateCreated:dt`,
  AssetJobLog: fields`jobHandle jobName logMessage logType submitUserEmail logDate:dt auxArray:JobLogDetailAuxArray`,
  ImageServingPublishJob: fields`publishType emailSetting httpCompletionUrl contextHandle`,
  ImageRenderingPublishJob: fields`emailSetting httpCompletionUrl contextHandle`,
  VideoPublishJob: fields`emailSetting httpCompletionUrl contextHandle`,
  ServerDirectoryPublishJob: fields`emailSetting httpCompletionUrl`,
  MetadataPublishJob: fields`forcePublish:b`,
  OptimizeImagesJob: fields`emailSetting`,
  CreateVideoSitemapJob: fields`forceUpdate:b`,
  AutomatedSetGenerationJob: fields`assetHandleArray:HandleArray destFolder readyForPublish:b autoSetCreationOptions:AutoSetCreationOptions emailSetting`,
  ExportJob: fields`assetHandleArray:HandleArray fmt is_modifier macro emailSetting clientId`,
  ReprocessAssetsJob: fields`assetHandleArray:HandleArray readyForPublish:b preservePublishState:b createMask:b preserveCrop:b ${crop} photoshopOptions:PhotoshopOptions
    postScriptOptions:PostScriptOptions pdfOptions:PDFOptions mediaOptions:MediaOptions illustratorOptions:IllustratorOptions
    colorManagementOptions:ColorManagementOptions autoSetCreationOptions:AutoSetCreationOptions projectHandleArray:HandleArray ${notify}
    inDesignOptions:InDesignOptions unsharpMaskOptions:UnsharpMaskOptions excludeMasterVideoFromAVS:b`,
  RipPdfsJob: fields`pdfHandleArray:HandleArray createMask:b ${crop} postScriptOptions:PostScriptOptions pdfOptions:PDFOptions illustratorOptions:IllustratorOptions
    colorManagementOptions:ColorManagementOptions projectHandleArray:HandleArray emailSetting postHttpUrl ${postPublish}
    inDesignOptions:InDesignOptions`,
  UploadDirectoryJob: fields`destFolder serverDir overwrite:b readyForPublish:b preservePublishState:b includeSubfolders:b createMask:b processMetadataFiles:b preserveCrop:b
    ${fileOptions} ${notify} ${uploadTail}`,
  UploadUrlsJob: fields`urlArray:UploadUrlArray numUrls:i overwrite:b readyForPublish:b preservePublishState:b createMask:b preserveCrop:b ${fileOptions} ${notify}
    ${uploadTail}`,
  UploadUrl: fields`sourceUrl destPath`,
  UploadPostJob: fields`overwrite:b readyForPublish:b preservePublishState:b createMask:b preserveCrop:b ${fileOptions} emailSetting postHttpUrl ${uploadTail}`,
  ManualCropOptions: fields`left:i right:i top:i bottom:i`,
  AutoColorCropOptions: fields`corner tolerance:d`,
  AutoTransparentCropOptions: fields`tolerance:d`,
  KnockoutBackgroundOptions: fields`corner tolerance:d fillMethod`,
  ColorManagementOptions: fields`colorManagement sourceProfileHandle outputProfileHandle`,
  PhotoshopOptions: fields`process layerOptions:PhotoshopLayerOptions`,
  PhotoshopLayerOptions: fields`layerNaming anchor createTemplate:b extractText:b extendLayers:b`,
  PostScriptOptions: fields`process resolution:d colorspace alpha:b extractSearchWords:b`,
  PDFOptions: fields`process resolution:d colorspace pdfCatalog:b extractSearchWords:b extractLinks:b`,
  IllustratorOptions: fields`process resolution:d colorspace alpha:b`,
  InDesignOptions: fields`process`,
  MediaOptions: fields`videoEncodingPresetsArray:HandleArray generateThumbnail:b thumbnailOptions:ThumbnailOptions`,
  ThumbnailOptions: fields`thumbnailTime:l`,
  UnsharpMaskOptions: fields`amount:d radius:d threshold:i monochrome:i`,
  UnCompressOptions: fields`process`,
  AutoSetCreationOptions: fields`autoSetsArray:HandleArray`,
  Company: fields`companyHandle name rootPath expires:dt imsOrgId`,
  CompanyMembership: fields`company:Company role isActive:b`,
  User: fields`userHandle firstName lastName email defaultRole isValid:b passwordExpires:dt`,
  // Abridged to what the tray app needs (operations.md, getAssetsByName).
  Asset: fields`assetHandle type name`,
};
