// The user's notification rules (settings.notifications.rules): which jobs' news pops up.
// Pure; used by notify-rules.ts for finished, started and stalled notifications. Connection
// and sign-in news are about the app, not a job, and always pass.
import { jobSubmitter, type Job, type JobDetailElement } from '../../shared/domain.ts';
import type { NotifyJobKind, Settings } from '../../shared/settings.ts';

export type NotifyRules = Settings['notifications']['rules'];

const KIND_OF_ELEMENT: Record<JobDetailElement, NotifyJobKind> = {
  imageServingPublishJob: 'publish',
  imageRenderingPublishJob: 'publish',
  videoPublishJob: 'publish',
  serverDirectoryPublishJob: 'publish',
  metadataPublishJob: 'publish',
  uploadDirectoryJob: 'upload',
  uploadUrlsJob: 'upload',
  uploadPostJob: 'upload',
  exportJob: 'export',
  optimizeImagesJob: 'other',
  ripPdfsJob: 'other',
  reprocessAssetsJob: 'other',
  createVideoSitemapJob: 'other',
  automatedSetGenerationJob: 'other',
};

/**
 * The family a job belongs to for the rules: its job-detail element when known (the surest
 * sign), else its IPS `type` (`UrlUpload`, `ImageServingPublish`, `Export`, `Get`, …; see
 * docs/ips-api/constants.md). Anything else — optimize, rip, reprocess, cleanup, trash — is `other`.
 */
export function notifyKindOf(job: Pick<Job, 'type' | 'detailElement'>): NotifyJobKind {
  if (job.detailElement) return KIND_OF_ELEMENT[job.detailElement];
  const t = job.type.toLowerCase();
  if (t.includes('upload')) return 'upload';
  if (t.includes('publish')) return 'publish';
  if (t === 'export' || t === 'get') return 'export';
  return 'other';
}

/** Whether news of this job may pop up under the rules. `userEmail` is the signed-in user. */
export function jobPassesRules(job: Job, rules: NotifyRules, userEmail: string): boolean {
  if (rules.mutedCompanies.includes(job.companyHandle)) return false;
  if (rules.mutedKinds.includes(notifyKindOf(job))) return false;
  if (rules.onlyMine) {
    const me = userEmail.trim().toLowerCase();
    // Nobody signed in (cannot tell): the rule cannot apply, so nothing is hidden by it.
    if (me && jobSubmitter(job)?.trim().toLowerCase() !== me) return false;
  }
  return true;
}
