// The simulator's people and places, the demo world (jobs in every phase and a steady
// stream of new ones across every job type), and seeded history for scale tests.
import { JOB_KINDS, type JobKind } from './catalog.ts';
import { createRng, mixSeed, type Rng } from './rng.ts';
import type { Profile, Run, RunPlan, Sched, SimUserInput } from './types.ts';
import type { World } from './world.ts';

export const DEMO_USER = 'demo@example.com';
export const DEMO_PASSWORD = 'demo';

export const DEMO_COMPANIES = [
  { id: 15, name: 'Example Co', rootPath: 'ExampleCo/' },
  { id: 2101, name: '示例公司', rootPath: 'ShiliGongsi/' },
] as const;

export type { SimUserInput } from './types.ts';

/** The users every simulator has (passwords are simulator-only, never real). */
export const DEMO_USERS: readonly SimUserInput[] = [
  {
    email: DEMO_USER,
    password: DEMO_PASSWORD,
    firstName: 'Demo',
    lastName: 'User',
    defaultRole: 'IpsUser',
    memberships: { 'c|15': 'IpsUser', 'c|2101': 'IpsUser' },
  },
  {
    email: 'ops@example.com',
    password: 'ops',
    firstName: 'Olivia',
    lastName: 'Park',
    defaultRole: 'IpsCompanyAdmin',
    memberships: { 'c|15': 'IpsCompanyAdmin' },
  },
  {
    email: 'portal@example.com',
    password: 'portal',
    firstName: 'Pat',
    lastName: 'Portal',
    defaultRole: 'ImagePortalUser',
    memberships: { 'c|15': 'ImagePortalUser' },
  },
  { email: 'li.wei@example.cn', password: 'liwei', firstName: '伟', lastName: '李', defaultRole: 'IpsUser', memberships: { 'c|2101': 'IpsUser' } },
  { email: 'admin@example.com', password: 'admin', firstName: 'Ada', lastName: 'Admin', defaultRole: 'IpsAdmin' },
  { email: 'maria.garcia@example.com', password: 'maria', firstName: 'Maria', lastName: 'Garcia', defaultRole: 'IpsUser', memberships: { 'c|15': 'IpsUser' } },
  {
    email: 'chen.jing@example.cn',
    password: 'chenjing',
    firstName: '静',
    lastName: '陈',
    defaultRole: 'IpsUser',
    memberships: { 'c|2101': 'IpsUser', 'c|15': 'IpsUser' },
  },
  {
    email: 'jobs-bot@example.com',
    password: 'bot',
    firstName: 'Jobs',
    lastName: 'Bot',
    defaultRole: 'IpsUser',
    memberships: { 'c|15': 'IpsUser', 'c|2101': 'IpsUser' },
  },
];

const SUBMITTERS: Record<number, string[]> = {
  15: [DEMO_USER, 'ops@example.com', 'maria.garcia@example.com', 'jobs-bot@example.com', 'chen.jing@example.cn'],
  2101: [DEMO_USER, 'li.wei@example.cn', 'chen.jing@example.cn', 'jobs-bot@example.com'],
};

export function seedDefaultWorld(world: World, extraUsers: readonly SimUserInput[]): void {
  for (const c of DEMO_COMPANIES) world.addCompany({ id: c.id, name: c.name, rootPath: c.rootPath });
  for (const u of [...DEMO_USERS, ...extraUsers]) world.addUser(u);
}

function submitterFor(rng: Rng, companyId: number): string {
  return rng.pick(SUBMITTERS[companyId] ?? [DEMO_USER]);
}

// One script per company, as its people would type: Example Co names its jobs in English,
// 示例公司 (a zh-CN company) in Simplified Chinese.
const CJK = /[\u3400-\u9fff]/;
function namesFor(kind: JobKind, companyId: number): string[] {
  const mine = kind.names.filter((n) => (companyId === 2101 ? CJK.test(n) : !CJK.test(n)));
  return mine.length > 0 ? mine : kind.names;
}

function jobName(rng: Rng, kind: JobKind, companyId: number): string {
  const stem = rng.pick(namesFor(kind, companyId));
  // ASCII names get a run-ish suffix now and then; Chinese names stay as people type them.
  return /^[\x20-\x7e]+$/.test(stem) && rng.chance(0.5) ? `${stem}-${String(rng.int(1, 9999)).padStart(4, '0')}` : stem;
}

function pickProfile(rng: Rng): Profile {
  const u = rng.next();
  return u < 0.58 ? 'success' : u < 0.8 ? 'warning' : u < 0.95 ? 'error' : 'fatal';
}

function totalMs(p: RunPlan): number {
  return p.newMs + p.waitMs + p.runMs;
}

// ---------------------------------------------------------------------------

export function seedHistory(world: World, rows: number): void {
  const rng = createRng(mixSeed(world.seed, 0x4157));
  const now = world.now();
  const span = 30 * 24 * 3600_000;
  const companies = [...world.companies.values()];
  const main = companies[0];
  if (!main) return;
  for (let i = 0; i < rows; i++) {
    const c = companies.length > 1 && rng.chance(0.3) ? (companies[1] ?? main) : main;
    const kind = rng.pick(JOB_KINDS);
    const files = rng.int(kind.files[0], Math.min(kind.files[1], 120));
    const profile: Profile = rng.chance(0.04) ? 'fatal' : pickProfile(rng);
    const plan: RunPlan = {
      files,
      profile,
      newMs: rng.int(500, 3000),
      waitMs: rng.int(1000, 60_000),
      runMs: rng.int(20_000, 30 * 60_000),
      video: kind.video === true,
    };
    if (profile === 'fatal') plan.fatalAt = Math.floor(files * 0.5);
    const t0 = Math.min(now - Math.floor(rng.next() * span), now - totalMs(plan) - 60_000);
    const run = world.createRun({
      company: c,
      kind,
      originalName: jobName(rng, kind, c.id),
      submitUserEmail: submitterFor(rng, c.id),
      locale: c.id === 2101 ? 'zh-CN' : 'en-US',
      t0,
      plan,
      historic: true,
      seed: rng.seed(),
    });
    // Now and then someone stopped it part-way.
    if (rng.chance(0.03)) run.stopAt = t0 + plan.newMs + plan.waitMs + Math.floor(plan.runMs * rng.next() * 0.8);
    world.settle(run, now); // finished: its end is fixed once, not recomputed on every query
  }
  for (const c of companies) world.companyRuns(c.handle); // sort by start date now, not on the first query
}

// ---------------------------------------------------------------------------

/** Create a run whose clock started `agoMs` ago (so it is already in some phase). */
function runAgo(world: World, rng: Rng, kind: JobKind, companyId: number, agoMs: number, profile: Profile, over: Partial<RunPlan> = {}, name?: string): Run {
  const c = world.company(`c|${companyId}`);
  if (!c) throw new Error('demo company missing');
  const plan = world.makePlan(kind, rng, over, profile);
  const detailRng = createRng(rng.seed());
  const run = world.createRun({
    company: c,
    kind,
    originalName: name ?? jobName(rng, kind, companyId),
    submitUserEmail: submitterFor(rng, companyId),
    locale: companyId === 2101 ? 'zh-CN' : 'en-US',
    ...(rng.chance(0.3)
      ? {
          description: rng.pick(
            companyId === 2101
              ? ['每周更新', '市场部要求', '春季活动素材', '流水线自动提交']
              : ['Weekly refresh', 'Requested by marketing', 'Spring campaign assets', 'Automated by pipeline'],
          ),
        }
      : {}),
    ...detailOf(world, kind, c.handle, detailRng),
    t0: world.now() - agoMs,
    plan,
  });
  return run;
}

function detailOf(world: World, kind: JobKind, companyHandle: string, rng: Rng): { detail?: ReturnType<JobKind['detail']> & object } {
  const c = world.company(companyHandle);
  if (!c) return {};
  const d = kind.detail({
    rng,
    rootPath: c.rootPath,
    assetHandles: (m, n) => {
      const pool = c.pools.get(m) ?? c.assets;
      const start = rng.int(0, Math.max(0, pool.length - 1));
      return Array.from({ length: n }, (_, i) => pool[(start + i) % pool.length]?.handle ?? 'a|1');
    },
  });
  return d ? { detail: d } : {};
}

function kind(type: string): JobKind {
  const k = JOB_KINDS.find((x) => x.type === type);
  if (!k) throw new Error(`no kind ${type}`);
  return k;
}

export function seedDemo(world: World): void {
  const rng = createRng(mixSeed(world.seed, 0xde70));
  const now = world.now();
  const sched = (
    companyId: number,
    type: string,
    name: string,
    spec: { execSchedule?: string; execTime?: number; triggerState?: string },
    submitter?: string,
  ): void => {
    const c = world.company(`c|${companyId}`);
    if (!c) return;
    const k = kind(type);
    const s = world.schedule({
      company: c,
      kind: k,
      name,
      submitUserEmail: submitter ?? submitterFor(rng, companyId),
      locale: companyId === 2101 ? 'zh-CN' : 'en-US',
      ...detailOf(world, k, c.handle, createRng(rng.seed())),
      ...spec,
    });
    recurring.push(s);
  };
  const recurring: Sched[] = [];

  // Scheduled: recurring (some fire during a demo session), paused, one-off, system cleanup.
  sched(15, 'UploadFromServerDirectory', 'hourly-ftp-ingest', { execSchedule: '0 0 * * * ?' }, 'ops@example.com');
  sched(15, 'ImageServingPublish', 'nightly-publish', { execSchedule: '0 0 2 * * ?' }, 'ops@example.com');
  sched(15, 'MetadataUpload', 'metadata-sync', { execSchedule: '0 */10 * * * ?' }, 'jobs-bot@example.com');
  sched(15, 'VideoPublish', 'weekly-video-publish', { execSchedule: '0 30 3 ? * MON', triggerState: 'Paused' }, DEMO_USER);
  sched(15, 'Cleanup', 'Cleanup', { execSchedule: '00 00 00 * * ' }, 'admin@example.com');
  sched(15, 'Export', 'quarterly-agency-export', { execTime: now + 2 * 3600_000 }, DEMO_USER);
  sched(2101, 'UploadFromServerDirectory', '夏季新品上传', { execSchedule: '0 */15 * * * ?' }, 'li.wei@example.cn');
  sched(2101, 'ImageServingPublish', '首页横幅发布', { execTime: now + 45 * 60_000 }, DEMO_USER);
  sched(2101, 'ImageOptimization', '图片优化', { execSchedule: '0 0 4 * * ?', triggerState: 'Paused' }, 'chen.jing@example.cn');

  // Active: queued, waiting, running, video with task progress, paused. Two long runs (15 min)
  // stay running while a person, or the README examples test, tries pause and stop on them.
  runAgo(world, rng, kind('UploadPost'), 15, 500, 'success', { newMs: 4000, waitMs: 8000 }, 'Lookbook upload');
  runAgo(world, rng, kind('UrlUpload'), 2101, 3000, 'warning', { newMs: 1000, waitMs: 25_000 }, '网址批量上传');
  runAgo(world, rng, kind('ImageServingPublish'), 15, 30_000, 'warning', { newMs: 1000, waitMs: 3000, runMs: 900_000, files: 240 }, 'spring-catalog-publish');
  runAgo(world, rng, kind('UploadFromServerDirectory'), 2101, 70_000, 'error', { newMs: 1000, waitMs: 4000, runMs: 170_000, files: 40 }, '夏季新品上传');
  runAgo(world, rng, kind('VideoPublish'), 15, 40_000, 'success', { newMs: 1000, waitMs: 2000, runMs: 150_000, files: 6 }, 'Campaign videos publish');
  runAgo(world, rng, kind('Export'), 15, 20_000, 'success', { newMs: 1000, waitMs: 2000, runMs: 900_000, files: 48 }, 'asset-export-0917');
  const paused = runAgo(
    world,
    rng,
    kind('ReprocessAssets'),
    15,
    60_000,
    'success',
    { newMs: 1000, waitMs: 2000, runMs: 150_000, files: 30 },
    'Re-crop hero images',
  );
  paused.pauses.push([now - 20_000, undefined]);

  // Recently finished: success, warning, error, fatal, stopped.
  const done = (type: string, companyId: number, profile: Profile, minutesAgo: number, name: string): Run =>
    runAgo(world, rng, kind(type), companyId, minutesAgo * 60_000, profile, { newMs: 1000, waitMs: 3000, runMs: rng.int(40_000, 170_000) }, name);
  done('ImageRenderingPublish', 15, 'success', 4, 'Room scenes publish');
  done('MetadataPublish', 15, 'success', 9, 'metadata-publish');
  done('UploadFromServerDirectory', 15, 'warning', 12, 'Supplier FTP ingest');
  done('ServerDirectoryPublish', 2101, 'warning', 18, '服务器目录发布');
  done('UrlUpload', 15, 'error', 25, 'Marketplace images by URL');
  done('UploadPost', 2101, 'error', 33, '春季目录上传');
  done('RipPdfs', 15, 'fatal', 40, 'Catalog PDF re-rip');
  const stopped = done('ImageOptimization', 15, 'success', 15, 'optimize-remaining');
  stopped.stopAt = stopped.t0 + stopped.plan.newMs + stopped.plan.waitMs + Math.floor(stopped.plan.runMs * 0.4);
  done('Cleanup', 15, 'success', 55, 'Trash cleanup');
  done('AutomatedSetGeneration', 2101, 'success', 70, '自动生成图集');
  done('CreateVideoSitemap', 15, 'success', 95, 'Video sitemap');
  done('ServerDirectoryPublishWithTemplate', 15, 'warning', 120, 'Print templates publish');

  // A recurring schedule has run before: its two latest firings more than half an hour ago are
  // in the history, finished (the Scheduled view shows each schedule's last run). Fired after
  // every other demo run, so those keep their handles (the README's examples use them).
  for (const r of recurring) {
    const past = r.cron?.previousRuns(8, new Date(now)).filter((d) => d.getTime() < now - 30 * 60_000) ?? [];
    for (const at of past.slice(0, 2).reverse()) world.fire(r, at.getTime());
  }

  // A steady, varied stream: a new job every 20–60 s, running 30 s – 3 min, every type in turn.
  const streamRng = createRng(mixSeed(world.seed, 0x57ea));
  let order: JobKind[] = [];
  let nextSpawn = now + streamRng.int(5_000, 20_000);
  world.onTick((t) => {
    if (t - nextSpawn > 10 * 60_000) nextSpawn = t - 10 * 60_000; // idle for long: do not flood
    while (nextSpawn <= t) {
      if (order.length === 0) order = shuffle(streamRng, [...JOB_KINDS]);
      const k = order.pop() as JobKind;
      const companyId = streamRng.chance(0.35) ? 2101 : 15;
      const run = runAgo(world, streamRng, k, companyId, t - nextSpawn, pickProfile(streamRng));
      if (streamRng.chance(0.05)) run.stopAt = run.t0 + run.plan.newMs + run.plan.waitMs + Math.floor(run.plan.runMs * 0.5);
      nextSpawn += streamRng.int(20_000, 60_000);
    }
  });
}

function shuffle<T>(rng: Rng, list: T[]): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    const a = list[i] as T;
    list[i] = list[j] as T;
    list[j] = a;
  }
  return list;
}
