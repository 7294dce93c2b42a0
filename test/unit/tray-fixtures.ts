// Board jobs and tray inputs for the tray-state tests: a running job of company `c` by
// default; fields given as undefined are left out (as the board leaves them out).
import type { Job } from '../../shared/domain.ts';
import type { TrayInput } from '../../electron/core/tray-state.ts';

export function job(key: string, over: { [K in keyof Job]?: Job[K] | undefined } = {}): Job {
  const j = {
    key,
    companyHandle: 'c',
    jobHandle: key,
    name: `Job ${key}`,
    originalName: key,
    type: 'UrlUpload',
    phase: 'running',
    firstSeen: '2024-05-02T09:00:00.000Z',
    updatedAt: '2024-05-02T09:00:00.000Z',
    startDate: '2024-05-02T09:00:00.000Z',
    ...over,
  } as Record<string, unknown>;
  for (const k of Object.keys(j)) if (j[k] === undefined) delete j[k];
  return j as unknown as Job;
}

export const trayInput = (over: Partial<TrayInput> = {}): TrayInput => ({ jobs: [], connection: { state: 'ok' }, paused: false, locale: 'en', ...over });
