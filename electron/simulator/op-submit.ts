// submitJob: an immediate job (a run now) or a scheduled one (execSchedule / execTime),
// with exactly one job detail element, checked as a validating server would (./submit.ts).
import { SUBMITTABLE_ELEMENTS, kindForElement } from './catalog.ts';
import { companyNamed, need, opt, wrap, type Ctx } from './op-context.ts';
import { createRng, mixSeed } from './rng.ts';
import { api } from './soap-fault.ts';
import { checkDetail, submittedFiles } from './submit.ts';
import type { Profile } from './types.ts';
import { toRecord } from './values.ts';
import { parseDate, returnElement, type XRecord } from './xml.ts';

export function submitJob(ctx: Ctx): string {
  const world = ctx.world;
  const co = need(ctx, 'companyHandle');
  const jobName = need(ctx, 'jobName');
  const c = companyNamed(ctx, co);
  let submitter = ctx.user;
  const userHandle = opt(ctx, 'userHandle');
  if (userHandle !== undefined) {
    const u = world.userByHandle(userHandle);
    if (!u) throw api(30001, `Unknown user handle '${userHandle}'`);
    submitter = u;
  }
  const execTimeRaw = opt(ctx, 'execTime');
  const parsedSchedule = opt(ctx, 'execSchedule');
  const rawSchedule = ctx.rawValues.execSchedule;
  // Kept verbatim (the reference's sample has a trailing space), which the XML parser trims.
  const execSchedule = parsedSchedule !== undefined && rawSchedule !== undefined && rawSchedule.trim() === parsedSchedule.trim() ? rawSchedule : parsedSchedule;
  if (execTimeRaw !== undefined && execSchedule !== undefined) throw api(30001, 'Give at most one of execTime and execSchedule');
  const present = Object.keys(ctx.args).filter((k) => (SUBMITTABLE_ELEMENTS as readonly string[]).includes(k) || k === 'uploadPostJob');
  if (present.length === 0) throw api(30002, 'submitJob needs exactly one job detail element (e.g. uploadUrlsJob, exportJob)');
  if (present.length > 1) throw api(30001, `submitJob takes exactly one job detail element, got ${present.join(', ')}`);
  const element = present[0] as string;
  if (element === 'uploadPostJob') throw api(30001, 'Upload by HTTP POST is not submitted with submitJob (use the UploadFile servlet)');
  const kind = kindForElement(element);
  if (!kind) throw api(30001, `Unsupported job detail element ${element}`);
  const detail = toRecord(ctx.args[element]);
  const problem = checkDetail(element, detail);
  if (problem) throw api(problem.code, problem.reason);
  if (element === 'uploadUrlsJob' && detail.numUrls === undefined && detail.urlArray !== undefined) {
    // The server fills numUrls (right after urlArray, in schema order).
    const urls = (detail.urlArray as XRecord).items;
    const n = Array.isArray(urls) ? urls.length : urls ? 1 : 0;
    const entries = Object.entries(detail);
    for (const k of Object.keys(detail)) delete detail[k];
    for (const [k, v] of entries) {
      detail[k] = v;
      if (k === 'urlArray') detail.numUrls = n;
    }
  }
  const locale = opt(ctx, 'locale') ?? ctx.locale ?? 'en-US';
  const description = opt(ctx, 'description');
  const common = {
    company: c,
    kind,
    submitUserEmail: submitter.email,
    locale,
    ...(description !== undefined ? { description } : {}),
    detail,
  };
  if (execSchedule !== undefined || execTimeRaw !== undefined) {
    let execTime: number | undefined;
    if (execTimeRaw !== undefined) {
      execTime = parseDate(execTimeRaw, world.offsetMinutes);
      if (Number.isNaN(execTime)) throw api(30001, `Invalid execTime '${execTimeRaw}'`);
    }
    const profile = profileFor(ctx);
    const s = wrap(() =>
      world.schedule({
        ...common,
        name: jobName,
        ...(execSchedule !== undefined ? { execSchedule } : {}),
        ...(execTime !== undefined ? { execTime } : {}),
        ...(profile ? { plan: { profile } } : {}),
      }),
    );
    world.tick(ctx.now);
    return returnElement('submitJob', ctx.ns, { jobHandle: s.handle });
  }
  const rng = createRng(mixSeed(world.seed, world.runs.size * 17 + jobName.length));
  // URL uploads and exports: one file per URL / asset, outcomes from the request (./submit.ts).
  const files = submittedFiles(element, detail, c, ctx.now);
  const plan = world.makePlan(kind, rng, files?.plan ?? {}, profileFor(ctx) ?? files?.profile ?? randomProfile(rng.next()));
  const run = world.createRun({ ...common, originalName: jobName, t0: ctx.now, plan });
  if (files) run.upload = files.files;
  return returnElement('submitJob', ctx.ns, { jobHandle: run.submitHandle });
}

function profileFor(ctx: Ctx): Profile | undefined {
  return ctx.submitProfile === 'random' ? undefined : ctx.submitProfile;
}

function randomProfile(u: number): Profile {
  return u < 0.6 ? 'success' : u < 0.8 ? 'warning' : u < 0.95 ? 'error' : 'fatal';
}
