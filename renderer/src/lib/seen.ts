// "Only what the user actually looked at is acknowledged" (issue 11 part 9): a failed or
// warned job counts as seen when its row has been on screen (at least half of it, inside its
// scroller) for a second while the window is visible and focused. Those jobs go to the core
// in one `acknowledgeJobs` command, and the tray stops calling them new; rows scrolled out of
// view, or shown while the user was in another window, are not acknowledged.
//
//   <li use:seen={job}>…</li>          (History rows, Overview's "Needs attention" list)
import type { Job } from '../../../shared/domain.ts';
import { app } from './app.svelte.ts';

/** How long a row stays on screen, in a focused window, before it counts as looked at. */
export const SEEN_DWELL_MS = 1000;

interface Shown {
  job: Job;
  since: number;
}
const shown = new Map<Element, Shown>();
const sent = new Set<string>();
let observer: IntersectionObserver | undefined;
let timer: ReturnType<typeof setTimeout> | undefined;

const matters = (j: Job): boolean => j.phase === 'finished' && (j.outcome === 'error' || j.outcome === 'warning');
const looking = (): boolean => document.visibilityState === 'visible' && document.hasFocus();

function schedule(ms: number): void {
  if (timer !== undefined) return;
  timer = setTimeout(check, Math.max(0, ms));
}

function check(): void {
  timer = undefined;
  if (!looking()) return;
  const now = performance.now();
  const due = new Map<string, Job>();
  let next = Infinity;
  for (const s of shown.values()) {
    if (sent.has(s.job.key)) continue;
    const left = s.since + SEEN_DWELL_MS - now;
    if (left <= 0) due.set(s.job.key, s.job);
    else next = Math.min(next, left);
  }
  if (due.size) {
    for (const k of due.keys()) sent.add(k);
    const jobs = [...due.values()].map((j) => ({ companyHandle: j.companyHandle, jobHandle: j.jobHandle }));
    void app.invoke('acknowledgeJobs', { jobs }).catch(() => {
      for (const k of due.keys()) sent.delete(k);
    });
  }
  if (next < Infinity) schedule(next);
}

/** The window came to the front: what is on screen now is looked at from now on. */
function restart(): void {
  if (!looking()) return;
  const now = performance.now();
  for (const s of shown.values()) s.since = now;
  schedule(SEEN_DWELL_MS);
}

function ensureObserver(): IntersectionObserver {
  if (observer) return observer;
  window.addEventListener('focus', restart);
  document.addEventListener('visibilitychange', restart);
  observer = new IntersectionObserver(
    (entries) => {
      const now = performance.now();
      for (const e of entries) {
        const job = watched.get(e.target);
        if (e.isIntersecting && job && matters(job)) {
          if (!shown.has(e.target)) shown.set(e.target, { job, since: now });
        } else shown.delete(e.target);
      }
      if (shown.size) schedule(SEEN_DWELL_MS);
    },
    { threshold: 0.5 },
  );
  return observer;
}

const watched = new Map<Element, Job>();

/**
 * Svelte action: the element shows `job`; rows are reused by the virtual list, so the job may
 * change. Only rows of jobs that could still be acknowledged are observed: a History screen
 * of successful jobs costs no intersection work when typing replaces its rows.
 */
export function seen(node: Element, job: Job): { update(job: Job): void; destroy(): void } {
  let observed = false;
  const watch = (j: Job): void => {
    watched.set(node, j);
    const want = matters(j) && !sent.has(j.key);
    if (observed) ensureObserver().unobserve(node); // re-measured: the element now stands for another job
    if (want) ensureObserver().observe(node);
    observed = want;
  };
  watch(job);
  return {
    update(next: Job) {
      const s = shown.get(node);
      if (s && s.job.key !== next.key) shown.delete(node);
      watch(next);
    },
    destroy() {
      watched.delete(node);
      shown.delete(node);
      if (observed) observer?.unobserve(node);
    },
  };
}
