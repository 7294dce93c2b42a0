// Messages of the 'runs' area: running a job again (run now, re-run, retry failed files),
// opening it in Dynamic Media Classic and copying its handles. Keys start with 'runs.';
// ICU MessageFormat syntax. Refusal reasons (shared/job-actions.ts) are `runs.refuse.<reason>`.
import type { AreaCatalogs } from '../translate.ts';

const messages: AreaCatalogs = {
  en: {
    'runs.action.runNow': 'Run now',
    'runs.action.runNowNamed': 'Run now: {name}',
    'runs.runNow.hint': 'Start a run of this job now; its schedule stays as it is',
    'runs.runNow.started': '“{name}” started now: its run appears in Active.',
    'runs.runNow.error': 'Could not run “{name}” now: {message}',
    'runs.refuse.not-scheduled': 'Only a scheduled job can be run now.',
    'runs.refuse.pending': 'Wait until the action on this job has finished.',
    'runs.dmc.open': 'Open in Dynamic Media Classic',
    'runs.dmc.hint': 'Opens Dynamic Media Classic ({region}) in your browser. It has no link to one job: find this job under Jobs there.',
    'runs.dmc.refuse.demo': 'The demo has no Dynamic Media Classic: add your IPS account in Settings.',
    'runs.dmc.refuse.staging': 'The address of Dynamic Media Classic for staging servers is not known.',
    'runs.dmc.refuse.custom-server': 'This server is not one of Adobe’s regions: its Dynamic Media Classic address is not known.',
    'runs.dmc.error': 'Could not open Dynamic Media Classic: {message}',
    'runs.assetHandle': 'Asset handle',
  },
  'zh-CN': {
    'runs.action.runNow': '立即运行',
    'runs.action.runNowNamed': '立即运行 {name}',
    'runs.runNow.hint': '立即运行此作业一次；其计划保持不变',
    'runs.runNow.started': '“{name}”已开始运行：可在“进行中”查看。',
    'runs.runNow.error': '无法立即运行“{name}”：{message}',
    'runs.refuse.not-scheduled': '只有计划作业才能立即运行。',
    'runs.refuse.pending': '请等待对此作业的操作完成。',
    'runs.dmc.open': '在 Dynamic Media Classic 中打开',
    'runs.dmc.hint': '在浏览器中打开 Dynamic Media Classic（{region}）。它没有指向单个作业的链接：请在其“作业”页面中查找此作业。',
    'runs.dmc.refuse.demo': '演示没有 Dynamic Media Classic：请在“设置”中添加您的 IPS 账户。',
    'runs.dmc.refuse.staging': '预发布服务器的 Dynamic Media Classic 地址未知。',
    'runs.dmc.refuse.custom-server': '此服务器不属于 Adobe 的区域：其 Dynamic Media Classic 地址未知。',
    'runs.dmc.error': '无法打开 Dynamic Media Classic：{message}',
    'runs.assetHandle': '资产句柄',
  },
  'zh-TW': {
    'runs.action.runNow': '立即執行',
    'runs.action.runNowNamed': '立即執行 {name}',
    'runs.runNow.hint': '立即執行此作業一次；其排程保持不變',
    'runs.runNow.started': '「{name}」已開始執行：可在「進行中」查看。',
    'runs.runNow.error': '無法立即執行「{name}」：{message}',
    'runs.refuse.not-scheduled': '只有排程作業才能立即執行。',
    'runs.refuse.pending': '請等候對此作業的操作完成。',
    'runs.dmc.open': '在 Dynamic Media Classic 中開啟',
    'runs.dmc.hint': '在瀏覽器中開啟 Dynamic Media Classic（{region}）。它沒有指向單一作業的連結：請在其「作業」頁面中尋找此作業。',
    'runs.dmc.refuse.demo': '示範沒有 Dynamic Media Classic：請在「設定」中新增您的 IPS 帳戶。',
    'runs.dmc.refuse.staging': '預備環境伺服器的 Dynamic Media Classic 位址未知。',
    'runs.dmc.refuse.custom-server': '此伺服器不屬於 Adobe 的區域：其 Dynamic Media Classic 位址未知。',
    'runs.dmc.error': '無法開啟 Dynamic Media Classic：{message}',
    'runs.assetHandle': '資產控制代碼',
  },
};

export default messages;
