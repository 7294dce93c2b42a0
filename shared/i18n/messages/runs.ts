// Messages of the 'runs' area: running a job again (run now, re-run, retry failed files),
// opening it in Dynamic Media Classic and copying its handles. Keys start with 'runs.';
// ICU MessageFormat syntax. Refusal reasons (shared/job-actions.ts) are `runs.refuse.<reason>`.
import type { AreaCatalogs } from '../translate.ts';

const messages: AreaCatalogs = {
  en: {
    'runs.action.runNow': 'Run now',
    'runs.action.runNowNamed': 'Run {name} now',
    'runs.runNow.hint': 'Start a run of this job now; its schedule stays as it is',
    'runs.runNow.started': '“{name}” started now: its run appears in Active.',
    'runs.runNow.error': 'Could not run “{name}” now: {message}',
    'runs.refuse.not-scheduled': 'Only a scheduled job can be run now.',
    'runs.refuse.pending': 'Wait until the action on this job has finished.',
  },
  'zh-CN': {
    'runs.action.runNow': '立即运行',
    'runs.action.runNowNamed': '立即运行 {name}',
    'runs.runNow.hint': '立即运行此作业一次；其计划保持不变',
    'runs.runNow.started': '“{name}”已开始运行：可在“进行中”查看。',
    'runs.runNow.error': '无法立即运行“{name}”：{message}',
    'runs.refuse.not-scheduled': '只有计划作业才能立即运行。',
    'runs.refuse.pending': '请等待对此作业的操作完成。',
  },
  'zh-TW': {
    'runs.action.runNow': '立即執行',
    'runs.action.runNowNamed': '立即執行 {name}',
    'runs.runNow.hint': '立即執行此作業一次；其排程保持不變',
    'runs.runNow.started': '「{name}」已開始執行：可在「進行中」查看。',
    'runs.runNow.error': '無法立即執行「{name}」：{message}',
    'runs.refuse.not-scheduled': '只有排程作業才能立即執行。',
    'runs.refuse.pending': '請等候對此作業的操作完成。',
  },
};

export default messages;
