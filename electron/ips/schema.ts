// The IPS 2014-04-03 schema (job-management subset): the operations here, the complex
// types in ./schema-types.ts. One source for two consumers: wsdl-gen.ts writes
// wsdl/IpsApi-2014-04-03.wsdl from it, and normalize.ts uses it to coerce job-detail records.
import { jobDetails, jobDetailsTail, type Field } from './schema-types.ts';

export { XSD, arrays, t, types, type Field } from './schema-types.ts';

// Operations: [name, param fields (with inferred occurs), return fields]. Return fields are all 0..1.
const jobRef: Field[] = [
  ['companyHandle', 's', 1],
  ['jobHandle', 's', 1],
];
export const ops: Array<[string, Field[], Field[]]> = [
  [
    'getActiveJobs',
    [
      ['companyHandle', 's', 0],
      ['jobHandle', 's', 0],
      ['originalName', 's', 0],
      ['includeWaitingJobs', 'b', 0],
    ],
    [['jobArray', 'ActiveJobArray']],
  ],
  [
    'getScheduledJobs',
    [
      ['companyHandle', 's', 0],
      ['jobHandle', 's', 0],
      ['originalName', 's', 0],
    ],
    [['jobArray', 'ScheduledJobArray']],
  ],
  [
    'getJobLogs',
    [
      ['companyHandle', 's', 0],
      ['userHandle', 's', 0],
      ['sortBy', 's', 0],
      ['sortDirection', 's', 0],
      ['startDate', 'dt', 0],
      ['endDate', 'dt', 0],
      ['numRows', 'i', 0],
    ],
    [['jobLogArray', 'JobLogArray']],
  ],
  [
    'getJobLogDetails',
    [
      ['companyHandle', 's', 1],
      ['jobHandle', 's', 0],
      ['originalName', 's', 0],
      ['logTypeArray', 'StringArray', 0],
      ['recordsPerPage', 'i', 0],
      ['resultsPage', 'i', 0],
      ['sortBy', 's', 0],
      ['sortDirection', 's', 0],
    ],
    [['jobLogArray', 'JobLogArray']],
  ],
  [
    'getAssetJobLogs',
    [
      ['companyHandle', 's', 1],
      ['assetHandle', 's', 1],
    ],
    [['jobLogArray', 'AssetJobLogArray']],
  ],
  [
    'submitJob',
    [
      ['companyHandle', 's', 1],
      ['userHandle', 's', 0],
      ['jobName', 's', 1],
      ['locale', 's', 0],
      ['execTime', 'dt', 0],
      ['execSchedule', 's', 0],
      ['description', 's', 0],
      ...jobDetails,
      ...jobDetailsTail,
    ],
    [['jobHandle', 's']],
  ],
  ['stopJob', jobRef, []],
  ['pauseJob', jobRef, []],
  ['resumeJob', jobRef, []],
  ['deleteJob', jobRef, []],
  ['executeJob', jobRef, []],
  ['getCompanyMembership', [['userHandle', 's', 0]], [['membershipArray', 'CompanyMembershipArray']]],
  [
    'getCompanyInfo',
    [
      ['companyHandle', 's', 0],
      ['companyName', 's', 0],
    ],
    [['companyInfo', 'Company']],
  ],
  [
    'getUserInfo',
    [
      ['userHandle', 's', 0],
      ['email', 's', 0],
    ],
    [['userInfo', 'User']],
  ],
  [
    'checkLogin',
    [
      ['companyHandle', 's', 0],
      ['email', 's', 1],
      ['password', 's', 1],
    ],
    [['status', 's']],
  ],
  [
    'getAssetsByName',
    [
      ['companyHandle', 's', 1],
      ['accessUserHandle', 's', 0],
      ['accessGroupHandle', 's', 0],
      ['nameArray', 'StringArray', 1],
      ['assetTypeArray', 'StringArray', 0],
      ['excludeAssetTypeArray', 'StringArray', 0],
      ['assetSubTypeArray', 'StringArray', 0],
      ['strictSubTypeCheck', 'b', 0],
      ['responseFieldArray', 'StringArray', 0],
      ['excludeFieldArray', 'StringArray', 0],
    ],
    [['assetArray', 'AssetArray']],
  ],
];
