// The IPS 2014-04-03 schema (job-management subset): the operations here, the complex
// types in ./schema-types.ts. One source for two consumers: wsdl-gen.ts writes
// wsdl/IpsApi-2014-04-03.wsdl from it, and normalize.ts uses it to coerce job-detail records.
import { fields, jobDetails, jobDetailsTail, type Field } from './schema-types.ts';

export { XSD, arrays, t, types, type Field } from './schema-types.ts';

// Operations: [name, param fields (`!` marks minOccurs=1), return fields]. Return fields are all 0..1.
const jobRef = fields`companyHandle! jobHandle!`;
export const ops: Array<[string, Field[], Field[]]> = [
  ['getActiveJobs', fields`companyHandle jobHandle originalName includeWaitingJobs:b`, fields`jobArray:ActiveJobArray`],
  ['getScheduledJobs', fields`companyHandle jobHandle originalName`, fields`jobArray:ScheduledJobArray`],
  ['getJobLogs', fields`companyHandle userHandle sortBy sortDirection startDate:dt endDate:dt numRows:i`, fields`jobLogArray:JobLogArray`],
  [
    'getJobLogDetails',
    fields`companyHandle! jobHandle originalName logTypeArray:StringArray recordsPerPage:i resultsPage:i sortBy sortDirection`,
    fields`jobLogArray:JobLogArray`,
  ],
  ['getAssetJobLogs', fields`companyHandle! assetHandle!`, fields`jobLogArray:AssetJobLogArray`],
  ['submitJob', fields`companyHandle! userHandle jobName! locale execTime:dt execSchedule description ${jobDetails} ${jobDetailsTail}`, fields`jobHandle`],
  ['stopJob', jobRef, []],
  ['pauseJob', jobRef, []],
  ['resumeJob', jobRef, []],
  ['deleteJob', jobRef, []],
  ['executeJob', jobRef, []],
  ['getCompanyMembership', fields`userHandle`, fields`membershipArray:CompanyMembershipArray`],
  ['getCompanyInfo', fields`companyHandle companyName`, fields`companyInfo:Company`],
  ['getUserInfo', fields`userHandle email`, fields`userInfo:User`],
  ['checkLogin', fields`companyHandle email! password!`, fields`status`],
  [
    'getAssetsByName',
    fields`companyHandle! accessUserHandle accessGroupHandle nameArray!:StringArray assetTypeArray:StringArray excludeAssetTypeArray:StringArray
      assetSubTypeArray:StringArray strictSubTypeCheck:b responseFieldArray:StringArray excludeFieldArray:StringArray`,
    fields`assetArray:AssetArray`,
  ],
];
