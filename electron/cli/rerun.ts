// `ips-jobs rerun JOBHANDLE --company H`: submit a job again with its own job detail (IPS
// submitJob) under a new unique name. The CLI keeps no history, so the detail comes from what
// IPS lists now (getActiveJobs, getScheduledJobs: a waiting or running job, or a schedule,
// which gives one immediate run); a job that has left those lists cannot be run again from the
// CLI (the app can: it records each job's detail while it runs, electron/core/job-specs.ts).
import type { AppLocale } from '../../shared/settings.ts';
import { t } from '../../shared/i18n/index.ts';
import type { IpsApi, JobRef } from '../ips/api.ts';
import { submitterOf, uniqueJobName } from '../ips/submit.ts';
import { specOf } from '../core/job-specs.ts';
import { CliFailure, EXIT } from './errors.ts';

export async function runRerun(
  api: IpsApi,
  ref: JobRef,
  json: boolean,
  locale: AppLocale,
  out: (text: string) => Promise<void> | void,
  account?: string,
): Promise<number> {
  const q = { companyHandle: ref.companyHandle };
  const [active, scheduled] = await Promise.all([api.getActiveJobs(q), api.getScheduledJobs(q)]);
  const rec = [...active, ...scheduled].find((j) => j.jobHandle === ref.jobHandle);
  const spec = rec ? specOf(rec) : undefined;
  if (!spec) throw new CliFailure(EXIT.IPS, 'cli.rerun.notListed', { job: ref.jobHandle, company: ref.companyHandle });
  if (spec.element === 'uploadPostJob') throw new CliFailure(EXIT.USAGE, 'cli.rerun.uploadPost', { job: ref.jobHandle });
  const jobName = uniqueJobName(spec.originalName || spec.name);
  const jobHandle = await submitterOf(api)({
    companyHandle: ref.companyHandle,
    jobName,
    ...(spec.locale ? { locale: spec.locale } : {}),
    ...(spec.description ? { description: spec.description } : {}),
    [spec.element]: spec.detail,
  });
  if (json) await out(`${JSON.stringify({ ok: true, action: 'rerun', ...(account ? { account } : {}), ...ref, newJobHandle: jobHandle, jobName })}\n`);
  else await out(`${t(locale, 'cli.action.rerun', { job: ref.jobHandle, company: ref.companyHandle, name: jobName, newJob: jobHandle })}\n`);
  return EXIT.OK;
}
