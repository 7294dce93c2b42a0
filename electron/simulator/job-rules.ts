// Which job action IPS allows in which state. The simulator used to accept them all (a stop
// of a finished job, a resume of a running one, a delete of a running job's handle) and the
// CLI then reported success for something that never happened. IPS refuses such calls with
// a fault; so does the simulator, before World carries the action out.
//
//   stopJob    a job in progress (queued, waiting, running, paused)      — operations.md "a job in progress"
//   pauseJob   a schedule whose trigger is Normal, or a run in progress not paused — "an active job"
//   resumeJob  a paused schedule, or a paused run                         — "a paused job"
//   deleteJob  a scheduled job (its runs keep running); not a run: stop that with stopJob
//   executeJob anything that resolves (a schedule fires, a run's job runs again)
//
// Refusals are ipsApiFault 30001 (INVALID_PARAMETER: the handle is not valid for this
// operation now), with a reason that names the job and its state.
import { WorldError, type Run, type Sched } from './types.ts';
import type { World } from './world.ts';

export type JobAction = 'stopJob' | 'pauseJob' | 'resumeJob' | 'deleteJob' | 'executeJob';

type RunPhase = 'inProgress' | 'paused' | 'stopping' | 'finished';

function phaseOf(world: World, run: Run, now: number): RunPhase | undefined {
  if (run.t0 > now) return undefined; // not created yet (a test's future start)
  const snap = world.snapshot(run, now);
  if (snap.finished) return 'finished';
  if (snap.state === 'Stopping') return 'stopping';
  return snap.paused ? 'paused' : 'inProgress';
}

const refuse = (reason: string): WorldError => new WorldError('ipsApiFault', 30001, reason);

/** Throws the fault IPS answers when `action` does not apply to the job in its current state. */
export function checkJobAction(world: World, action: JobAction, companyHandle: string, jobHandle: string, now: number = world.now()): void {
  if (action === 'executeJob') return;
  const { sched, runs } = world.resolve(companyHandle, jobHandle);
  const phases = new Set(runs.map((r) => phaseOf(world, r, now)).filter((p): p is RunPhase => p !== undefined));
  const job = `Job ${jobHandle}`;
  switch (action) {
    case 'stopJob':
      if (phases.has('inProgress') || phases.has('paused')) return;
      if (phases.has('stopping')) throw refuse(`${job} is already stopping`);
      if (sched) throw refuse(`${job} is a scheduled job with no run in progress: nothing to stop (pauseJob pauses its schedule)`);
      throw refuse(`${job} has already finished: only a job in progress can be stopped`);
    case 'pauseJob':
      if (sched) return pauseSchedule(sched, job);
      if (phases.has('inProgress')) return;
      throw refuse(runRefusal(job, phases, 'paused'));
    case 'resumeJob':
      if (sched) return resumeSchedule(sched, job);
      if (phases.has('paused')) return;
      if (phases.has('inProgress')) throw refuse(`${job} is not paused: it is running`);
      throw refuse(runRefusal(job, phases, 'resumed'));
    case 'deleteJob':
      if (sched) return;
      if (phases.has('inProgress') || phases.has('paused') || phases.has('stopping')) {
        throw refuse(`${job} is a job in progress, not a scheduled job: deleteJob deletes scheduled jobs; stop it with stopJob`);
      }
      throw refuse(`${job} has already finished and is not a scheduled job: its job log stays in the history`);
  }
}

function pauseSchedule(sched: Sched, job: string): void {
  if (sched.triggerState === 'Normal') return;
  if (sched.triggerState === 'Paused') throw refuse(`${job} is already paused`);
  throw refuse(`${job} cannot be paused: its trigger state is ${sched.triggerState}`);
}

function resumeSchedule(sched: Sched, job: string): void {
  if (sched.triggerState === 'Paused') return;
  throw refuse(`${job} is not paused: its trigger state is ${sched.triggerState}`);
}

/** Why a run that is not in the wanted state cannot be paused or resumed. */
function runRefusal(job: string, phases: Set<RunPhase>, verb: 'paused' | 'resumed'): string {
  if (verb === 'paused' && phases.has('paused')) return `${job} is already paused`;
  if (phases.has('stopping')) return `${job} is stopping and cannot be ${verb}`;
  return `${job} has already finished and cannot be ${verb}`;
}
