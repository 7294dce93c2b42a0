// Chinese that reads as one voice (issue #11): one term for "job" per language (作业 in
// zh-CN, 作業 in zh-TW, never 工作 — that is "work" — in notifications or the tray), one
// register (您), natural phrases; and the demo world names each company's jobs in one script.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { catalogs, t } from '../../shared/i18n/index.ts';
import { DEMO_PASSWORD, DEMO_USER, createManualClock, startSimulator, type Simulator } from '../../electron/simulator/index.ts';
import { T0, client, list } from '../integration/simulator-helpers.ts';

const entries = (locale: 'zh-CN' | 'zh-TW') => Object.entries(catalogs[locale]);

test('one term for job in each language, one register', () => {
  const cn = entries('zh-CN');
  const tw = entries('zh-TW');
  assert.deepEqual(
    // 工作日 is "weekday" (schedules), a different word.
    cn.filter(([, v]) => /工作(?!日)|作業/.test(v)).map(([k]) => k),
    [],
    'zh-CN says 作业',
  );
  // 工作階段 is "session" and 工作日 "weekday", different words.
  assert.deepEqual(
    tw.filter(([, v]) => /工作(?!階段|日)|作业/.test(v)).map(([k]) => k),
    [],
    'zh-TW says 作業',
  );
  assert.deepEqual(
    [...cn, ...tw].filter(([, v]) => v.includes('你')).map(([k]) => k),
    [],
    'the polite 您 throughout',
  );
  assert.equal(t('zh-TW', 'notify.success.title'), '作業已完成');
  assert.match(t('zh-TW', 'tray.tooltip.running', { count: 2, progress: 0.5 }), /2 個作業執行中/);
});

test('natural phrases: "just updated", "only once", task types', () => {
  assert.equal(t('zh-CN', 'ui.poll.last', { time: '现在' }), '刚刚更新');
  assert.equal(t('zh-CN', 'ui.poll.last', { time: '3分钟前' }), '3分钟前更新');
  assert.equal(t('zh-TW', 'ui.poll.last', { time: '現在' }), '剛剛更新');
  assert.equal(t('en', 'ui.poll.last', { time: 'now' }), 'Updated just now');
  assert.equal(t('zh-CN', 'ui.scheduled.once'), '仅一次');
  assert.equal(t('zh-TW', 'ui.scheduled.once'), '僅一次');
  assert.equal(t('zh-CN', 'common.taskType.Video Encoding'), '视频编码');
  assert.equal(t('zh-TW', 'ui.detail.tasks'), '任務', 'tasks are not 工作 either');
});

// Characters that exist only in Traditional script (their Simplified forms differ).
const TRADITIONAL = /[發傳圖匯業檔執專資頁時間設計處這視頻導數據龍體]/;
const CJK = /[\u3400-\u9fff]/;

describe('demo names in one script per company', () => {
  let sim: Simulator;
  before(async () => {
    sim = await startSimulator({ demo: true, clock: createManualClock(T0), seed: 7 });
  });
  after(async () => {
    await sim.close();
  });

  test('Example Co in English, 示例公司 in Simplified Chinese', async () => {
    sim.world.advance(2 * 3600_000);
    const c = await client(sim, DEMO_USER, DEMO_PASSWORD);
    const names: Record<string, string[]> = { 'c|15': [], 'c|2101': [] };
    const [l] = await c.getJobLogsAsync({});
    for (const j of list(l.jobLogArray) as { companyHandle: string; originalJobName: string }[]) names[j.companyHandle]?.push(j.originalJobName);
    for (const co of Object.keys(names)) {
      const [s] = await c.getScheduledJobsAsync({ companyHandle: co });
      for (const j of list(s.jobArray) as { originalName: string }[]) names[co]!.push(j.originalName);
    }
    assert.ok(names['c|15']!.length > 20 && names['c|2101']!.length > 10);
    assert.deepEqual(
      names['c|15']!.filter((n) => CJK.test(n)),
      [],
      'Example Co names its jobs in English',
    );
    assert.deepEqual(
      names['c|2101']!.filter((n) => !CJK.test(n) || TRADITIONAL.test(n)),
      [],
      '示例公司 in Simplified Chinese',
    );
  });
});
