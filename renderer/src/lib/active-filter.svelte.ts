// Which part of the Active list Overview's tiles opened: "Running" opens the running (and
// stopping) jobs, "Waiting" the queued and paused ones, so each tile opens exactly the set
// it counts. '' shows every active job (the Active tab itself clears it).
import type { Job } from '../../../shared/domain.ts';

export type ActiveFilter = '' | 'running' | 'waiting';

/** The one definition of each tile's set, used by Overview's counts and the Active list. */
export function activeGroup(j: Job): Exclude<ActiveFilter, ''> {
  return j.phase === 'running' || j.phase === 'stopping' ? 'running' : 'waiting';
}

class ActiveFilterState {
  value = $state<ActiveFilter>('');
}

export const activeFilter = new ActiveFilterState();
