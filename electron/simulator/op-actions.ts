// Job actions: stopJob, pauseJob, resumeJob, deleteJob, executeJob. The state rules
// (./job-rules.ts) refuse an action in the wrong state before the World changes anything.
import { checkJobAction, type JobAction } from './job-rules.ts';
import { need, wrap, type Ctx } from './op-context.ts';

export function jobAction(ctx: Ctx): string {
  const world = ctx.world;
  const co = need(ctx, 'companyHandle');
  const jobHandle = need(ctx, 'jobHandle');
  wrap(() => {
    checkJobAction(world, ctx.op as JobAction, co, jobHandle, ctx.now);
    switch (ctx.op) {
      case 'stopJob':
        return world.stopJob(co, jobHandle);
      case 'pauseJob':
        return world.pauseJob(co, jobHandle);
      case 'resumeJob':
        return world.resumeJob(co, jobHandle);
      case 'deleteJob':
        return world.deleteJob(co, jobHandle);
      default:
        world.executeJob(co, jobHandle);
    }
  });
  return `<${ctx.op}Return xmlns="${ctx.ns}"/>`;
}
