// Normalization of parsed IPS responses into shared/domain.ts shapes: text or typed
// input, single items vs arrays, empty/missing wrappers, the reference's contradictions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as N from '../../electron/ips/normalize.ts';

describe('scalars', () => {
  it('num accepts text and numbers, rejects junk', () => {
    assert.equal(N.num('42'), 42);
    assert.equal(N.num(' 0.25 '), 0.25);
    assert.equal(N.num(7), 7);
    assert.equal(N.num({ $value: '3', attributes: {} }), 3);
    assert.equal(N.num('12abc'), undefined);
    assert.equal(N.num(''), undefined);
    assert.equal(N.num(null), undefined);
    assert.equal(N.num(Number.NaN), undefined);
  });

  it('bool accepts true/false/1/0 as text or typed', () => {
    for (const t of ['true', 'TRUE', '1', ' true ', true, 1]) assert.equal(N.bool(t), true, String(t));
    for (const f of ['false', '0', false, 0]) assert.equal(N.bool(f), false, String(f));
    assert.equal(N.bool('yes'), undefined);
    assert.equal(N.bool(undefined), undefined);
  });

  it('date converts every offset form to UTC ISO with ms', () => {
    assert.equal(N.date('2024-05-02T01:00:04.120-05:00'), '2024-05-02T06:00:04.120Z');
    assert.equal(N.date('2008-07-31T18:00:00.000Z'), '2008-07-31T18:00:00.000Z');
    assert.equal(N.date('2024-05-02T01:00:04-05:00'), '2024-05-02T06:00:04.000Z');
    assert.equal(N.date('2024-05-02T01:00:04Z'), '2024-05-02T01:00:04.000Z');
    assert.equal(N.date('2024-05-02T09:00:00+09:00'), '2024-05-02T00:00:00.000Z');
    assert.equal(N.date('2024-05-02T01:00:04.123456+00:00'), '2024-05-02T01:00:04.123Z');
    assert.equal(N.date('2024-05-02T01:00:04'), '2024-05-02T01:00:04.000Z', 'no zone is read as UTC');
    assert.equal(N.date(new Date('2024-05-02T06:00:04.120Z')), '2024-05-02T06:00:04.120Z');
    assert.equal(N.date(''), undefined);
    assert.equal(N.date('not a date'), undefined);
    assert.equal(N.date(new Date('x')), undefined);
  });

  it('str keeps text, treats nil and absent as undefined, empty element as ""', () => {
    assert.equal(N.str('a & b'), 'a & b');
    assert.equal(N.str(12), '12');
    assert.equal(N.str({}), '');
    assert.equal(N.str({ attributes: { 'xsi:nil': 'true' } }), undefined);
    assert.equal(N.str(null), undefined);
  });

  it('list always returns an array', () => {
    assert.deepEqual(N.list(undefined), []);
    assert.deepEqual(N.list(null), []);
    assert.deepEqual(N.list(''), []);
    assert.deepEqual(N.list({}), []);
    assert.deepEqual(N.list({ items: 'a' }), ['a']);
    assert.deepEqual(N.list({ items: ['a', 'b'] }), ['a', 'b']);
    assert.deepEqual(N.list({ 'ns1:items': ['a'] }), ['a']);
    assert.deepEqual(N.list({ item: { x: 1 } }, ['items', 'item']), [{ x: 1 }]);
  });
});

describe('activeJobs', () => {
  const raw = {
    jobArray: {
      items: {
        companyHandle: 'c|15',
        jobHandle: 'j|15||nightly|8812',
        name: 'nightly',
        originalName: 'nightly',
        type: 'ImageServingPublish',
        state: 'Running',
        startDate: '2024-05-02T01:00:04.120-05:00',
        totalSize: '0',
        progress: '40',
        progressMessage: '400',
        lastProgressUpdate: '2024-05-02T01:03:10.000-05:00',
        taskProgressArray: {
          item: {
            taskType: 'Video',
            taskState: 'Processing',
            numProcessed: '1',
            numProcessing: '2',
            numPending: '3',
            progress: '0.5',
            progressMessage: 'half',
            lastProgressUpdate: '2024-05-02T01:03:10Z',
            taskItemProgressArray: { items: [{ itemName: 'a.mp4', progress: '1', progressMessage: 'done' }] },
          },
        },
        imageServingPublishJob: { publishType: 'Incremental', emailSetting: 'Error' },
      },
    },
  };

  it('single item becomes a one-element array with typed fields', () => {
    const [job, ...rest] = N.activeJobs(raw);
    assert.equal(rest.length, 0);
    assert.ok(job);
    assert.equal(job.progress, 40);
    assert.equal(job.progressMessage, '400', 'progressMessage stays text');
    assert.equal(job.totalSize, 0);
    assert.equal(job.startDate, '2024-05-02T06:00:04.120Z');
    assert.equal(job.taskProgressArray.length, 1, 'item accepted as items');
    assert.equal(job.taskProgressArray[0]?.numPending, 3);
    assert.equal(job.taskProgressArray[0]?.progress, 0.5);
    assert.equal(job.taskProgressArray[0]?.taskItemProgressArray[0]?.itemName, 'a.mp4');
    assert.deepEqual(job.imageServingPublishJob, { publishType: 'Incremental', emailSetting: 'Error' });
    assert.ok(!('description' in job), 'absent fields are left out');
    assert.ok(!Object.values(job).includes(null));
  });

  it('accepts already-typed values (numbers, Date objects, booleans)', () => {
    const [job] = N.activeJobs({
      jobArray: { items: [{ companyHandle: 'c', jobHandle: 'j', progress: 12, startDate: new Date('2024-01-01T00:00:00Z'), totalSize: 2048 }] },
    });
    assert.equal(job?.progress, 12);
    assert.equal(job?.startDate, '2024-01-01T00:00:00.000Z');
    assert.equal(job?.totalSize, 2048);
  });

  it('non-numeric totalSize is kept as text', () => {
    assert.equal(N.activeJobs({ jobArray: { items: { totalSize: '12 MB' } } })[0]?.totalSize, '12 MB');
  });

  it('empty and missing wrappers give []', () => {
    assert.deepEqual(N.activeJobs({ jobArray: null }), []);
    assert.deepEqual(N.activeJobs({ jobArray: '' }), []);
    assert.deepEqual(N.activeJobs({ jobArray: {} }), []);
    assert.deepEqual(N.activeJobs({}), []);
    assert.deepEqual(N.activeJobs(null), []);
    assert.deepEqual(N.activeJobs({ jobArray: { items: { companyHandle: 'c', taskProgressArray: null } } })[0]?.taskProgressArray, []);
  });

  it('imageServingRenderJob is read as imageRenderingPublishJob', () => {
    const [job] = N.activeJobs({ jobArray: { items: { imageServingRenderJob: { emailSetting: 'All', contextHandle: 'x' } } } });
    assert.deepEqual(job?.imageRenderingPublishJob, { emailSetting: 'All', contextHandle: 'x' });
    assert.ok(!('imageServingRenderJob' in (job ?? {})));
  });

  it('job details are coerced with the schema: booleans, numbers, nested arrays', () => {
    const [job] = N.activeJobs({
      jobArray: {
        items: {
          uploadUrlsJob: {
            urlArray: {
              items: [
                { sourceUrl: 'https://x/a.jpg', destPath: 'A/a.jpg' },
                { sourceUrl: 'https://x/b.jpg', destPath: 'A/b.jpg' },
              ],
            },
            numUrls: '2',
            overwrite: '1',
            readyForPublish: 'false',
            projectHandleArray: '',
            manualCropOptions: { left: '1', right: '2', top: '0', bottom: '0' },
            mediaOptions: { videoEncodingPresetsArray: { items: 'p|1' }, thumbnailOptions: { thumbnailTime: '1500' } },
            emailSetting: 'Error',
            futureField: { a: 'b' },
          },
        },
      },
    });
    assert.deepEqual(job?.uploadUrlsJob, {
      urlArray: [
        { sourceUrl: 'https://x/a.jpg', destPath: 'A/a.jpg' },
        { sourceUrl: 'https://x/b.jpg', destPath: 'A/b.jpg' },
      ],
      numUrls: 2,
      overwrite: true,
      readyForPublish: false,
      projectHandleArray: [],
      manualCropOptions: { left: 1, right: 2, top: 0, bottom: 0 },
      mediaOptions: { videoEncodingPresetsArray: ['p|1'], thumbnailOptions: { thumbnailTime: 1500 } },
      emailSetting: 'Error',
      futureField: { a: 'b' },
    });
  });

  it('element names that would touch prototypes are dropped', () => {
    const raw = JSON.parse('{"jobArray":{"items":{"exportJob":{"fmt":"orig","__proto__":{"polluted":"yes"},"constructor":"x"}}}}');
    const [job] = N.activeJobs(raw);
    assert.deepEqual(job?.exportJob, { fmt: 'orig' });
    assert.equal(Object.getPrototypeOf(job?.exportJob), Object.prototype);
  });

  it('an empty job-detail element still tells the kind', () => {
    const [job] = N.activeJobs({ jobArray: { items: { optimizeImagesJob: null } } });
    assert.deepEqual(job?.optimizeImagesJob, {});
  });
});

describe('scheduledJobs', () => {
  it('keeps triggerState and execSchedule verbatim (even numeric, trailing space)', () => {
    const [job] = N.scheduledJobs({
      jobArray: {
        items: {
          companyHandle: 'c|0',
          jobHandle: '0|Cleanup|',
          name: 'Cleanup',
          originalName: '',
          type: 'Cleanup',
          execSchedule: '00 00 00 * * ',
          triggerState: '3',
          timeZone: 'PST',
          nextFireTime: '2024-05-02T14:00:00.000-07:00',
        },
      },
    });
    assert.equal(job?.triggerState, '3');
    assert.equal(job?.execSchedule, '00 00 00 * * ');
    assert.equal(job?.originalName, '');
    assert.equal(job?.nextFireTime, '2024-05-02T21:00:00.000Z');
  });
});

describe('jobLogs', () => {
  it('counts default to 0, fatalError to false; details unwrapped', () => {
    const [log] = N.jobLogs({
      jobLogArray: {
        items: {
          companyHandle: 'c|15',
          jobHandle: 'j|15||up|1',
          jobName: '上传-中文',
          originalJobName: '上传',
          fileSuccessCount: '11',
          fatalError: '0',
          endDate: '2024-05-02T09:14:40.020-05:00',
          detailTotalRows: '1',
          detailArray: {
            items: { logMessage: 'a < b & c', logType: 'UploadError', assetName: 'broken', auxArray: { items: { logMessage: 'w', logType: 'UploadWarning' } } },
          },
        },
      },
    });
    assert.ok(log);
    assert.equal(log.jobName, '上传-中文');
    assert.equal(log.fileSuccessCount, 11);
    assert.equal(log.fileErrorCount, 0);
    assert.equal(log.fatalError, false);
    assert.equal(log.endDate, '2024-05-02T14:14:40.020Z');
    assert.equal(log.detailTotalRows, 1);
    assert.equal(log.detailArray?.[0]?.logMessage, 'a < b & c');
    assert.deepEqual(log.detailArray?.[0]?.auxArray, [{ logMessage: 'w', logType: 'UploadWarning' }]);
  });

  it('summaries without detailArray leave it out', () => {
    const [log] = N.jobLogs({ jobLogArray: { items: [{ jobHandle: 'a', fatalError: 'true' }, { jobHandle: 'b' }] } });
    assert.equal(log?.fatalError, true);
    assert.ok(!('detailArray' in (log ?? {})));
    assert.equal(N.jobLogs({ jobLogArray: { items: [{ jobHandle: 'a' }, { jobHandle: 'b' }] } }).length, 2);
  });
});

describe('company, membership, user', () => {
  it('membership: 2014-04-03 shape', () => {
    const m = N.companyMemberships({
      membershipArray: {
        items: {
          company: { companyHandle: 'c|15', name: 'Example Co', rootPath: 'ExampleCo/', expires: '2101-01-31T23:00:00.000-08:00' },
          role: 'IpsCompanyAdmin',
          isActive: 'true',
        },
      },
    });
    assert.deepEqual(m, [
      {
        company: { companyHandle: 'c|15', name: 'Example Co', rootPath: 'ExampleCo/', expires: '2101-02-01T07:00:00.000Z' },
        role: 'IpsCompanyAdmin',
        isActive: true,
      },
    ]);
  });

  it('membership: old shape (Company fields directly), and companyArray', () => {
    const items = {
      items: [
        { companyHandle: 'c|1', name: 'A' },
        { companyHandle: 'c|2', name: 'B' },
      ],
    };
    const expected = [{ company: { companyHandle: 'c|1', name: 'A' } }, { company: { companyHandle: 'c|2', name: 'B' } }];
    assert.deepEqual(N.companyMemberships({ membershipArray: items }), expected);
    assert.deepEqual(N.companyMemberships({ companyArray: items }), expected);
    assert.deepEqual(N.companyMemberships({ membershipArray: null }), []);
  });

  it('user: defaultRole falls back to role', () => {
    assert.equal(N.user({ userHandle: 'u|1', email: 'a@b', role: 'IpsUser' })?.defaultRole, 'IpsUser');
    assert.equal(N.user({ userHandle: 'u|1', email: 'a@b', role: 'IpsUser', defaultRole: 'IpsAdmin' })?.defaultRole, 'IpsAdmin');
    assert.deepEqual(N.user({ userHandle: 'u|1', email: 'a@b', isValid: '1', passwordExpires: '2030-01-01T00:00:00Z' }), {
      userHandle: 'u|1',
      email: 'a@b',
      isValid: true,
      passwordExpires: '2030-01-01T00:00:00.000Z',
    });
  });
});
