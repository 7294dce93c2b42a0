// Messages of the 'notify' area. Keys start with 'notify.'; ICU MessageFormat syntax.
import type { AreaCatalogs } from '../translate.ts';

const messages: AreaCatalogs = {
  en: {
    'notify.success.title': 'Job finished',
    'notify.success.body':
      '{name} finished successfully ({files, plural, =0 {no new files} one {# file succeeded} other {# files succeeded}}{updated, plural, =0 {} other {, # updated}}).',
    'notify.warning.title': 'Job finished with warnings',
    'notify.warning.body':
      '{name}: {warnings, plural, one {# warning} other {# warnings}}{duplicates, plural, =0 {} one {, # duplicate skipped} other {, # duplicates skipped}}{transferWarnings, plural, =0 {} one {, # transfer warning} other {, # transfer warnings}}.',
    'notify.error.title': 'Job failed',
    'notify.error.body':
      '{name}: {fatal, select, yes {stopped by a fatal error, } other {}}{errors, plural, one {# error} other {# errors}}{transferErrors, plural, =0 {} one {, # transfer error} other {, # transfer errors}}{unprocessed, plural, =0 {} one {, # file not processed} other {, # files not processed}}.',
    'notify.stopped.title': 'Job stopped',
    'notify.stopped.body': '{name} was stopped{unprocessed, plural, =0 {} one {; # file was not processed} other {; # files were not processed}}.',
    'notify.started.title': 'Job started',
    'notify.started.body': '{name} is running.',
    'notify.stalled.title': 'Job may be stuck',
    'notify.stalled.body': '{name} has made no progress for {minutes, plural, one {# minute} other {# minutes}}.',
    'notify.summary.title': '{count, plural, one {# job finished} other {# jobs finished}}',
    'notify.summary.body':
      '{count, plural, one {# job finished} other {# jobs finished}}{errors, plural, =0 {} other {, # with errors}}{warnings, plural, =0 {} other {, # with warnings}}.',
    'notify.connectionLost.title': 'Connection to IPS lost',
    'notify.connectionLost.body': 'IPS Jobs keeps retrying in the background. {message}',
    'notify.connectionRestored.title': 'Connection to IPS restored',
    'notify.connectionRestored.body': 'Your jobs are being watched again.',
    'notify.auth.title': 'Sign-in to IPS failed',
    'notify.auth.body': 'Polling has stopped. Check the user name and password in Settings.',
    'notify.watch.line': '[{time, time, medium}] {text}',
    'notify.watch.scheduled': 'Scheduled: {name}',
    'notify.watch.started': 'Started: {name}',
    'notify.watch.progress': '{name}: {progress, number, percent} {message}',
    'notify.watch.updated':
      '{name}: {phase, select, scheduled {scheduled} queued {queued} running {running} paused {paused} stopping {stopping} other {finished}}',
    'notify.watch.finished':
      '{name}: {outcome, select, success {succeeded} warning {finished with warnings} error {failed} other {stopped}}',
    'notify.watch.removed': 'Removed: {name}',
    'notify.watch.connection':
      'Connection: {state, select, ok {connected} offline {offline} auth {sign-in failed} other {error}} {message}',
    'notify.watch.status': 'Status: {text}',
    'notify.watch.notification': 'Notification: {title} — {body}',
    'notify.watch.onceFailed': 'watch --once could not check IPS: {message}',
  },
  'zh-CN': {
    'notify.success.title': '作业已完成',
    'notify.success.body': '{name} 已成功完成（{files, plural, =0 {没有新文件} other {成功 # 个文件}}{updated, plural, =0 {} other {，更新 # 个}}）。',
    'notify.warning.title': '作业已完成，但有警告',
    'notify.warning.body':
      '{name}：{warnings, plural, other {# 个警告}}{duplicates, plural, =0 {} other {，跳过 # 个重复文件}}{transferWarnings, plural, =0 {} other {，# 个传输警告}}。',
    'notify.error.title': '作业失败',
    'notify.error.body':
      '{name}：{fatal, select, yes {因严重错误而中止，} other {}}{errors, plural, other {# 个错误}}{transferErrors, plural, =0 {} other {，# 个传输错误}}{unprocessed, plural, =0 {} other {，# 个文件未处理}}。',
    'notify.stopped.title': '作业已停止',
    'notify.stopped.body': '{name} 已被停止{unprocessed, plural, =0 {} other {，# 个文件未处理}}。',
    'notify.started.title': '作业已开始',
    'notify.started.body': '{name} 正在运行。',
    'notify.stalled.title': '作业可能卡住了',
    'notify.stalled.body': '{name} 已有 {minutes, plural, other {# 分钟}}没有进展。',
    'notify.summary.title': '{count, plural, other {# 个作业已完成}}',
    'notify.summary.body':
      '{count, plural, other {# 个作业已完成}}{errors, plural, =0 {} other {，其中 # 个出错}}{warnings, plural, =0 {} other {，# 个有警告}}。',
    'notify.connectionLost.title': '与 IPS 的连接已断开',
    'notify.connectionLost.body': 'IPS Jobs 会在后台继续重试。{message}',
    'notify.connectionRestored.title': '与 IPS 的连接已恢复',
    'notify.connectionRestored.body': '已恢复监视您的作业。',
    'notify.auth.title': '登录 IPS 失败',
    'notify.auth.body': '轮询已停止。请在“设置”中检查用户名和密码。',
    'notify.watch.line': '【{time, time, medium}】{text}',
    'notify.watch.scheduled': '已计划：{name}',
    'notify.watch.started': '已开始：{name}',
    'notify.watch.progress': '{name}：{progress, number, percent} {message}',
    'notify.watch.updated':
      '{name}：{phase, select, scheduled {已计划} queued {排队中} running {运行中} paused {已暂停} stopping {正在停止} other {已结束}}',
    'notify.watch.finished': '{name}：{outcome, select, success {成功} warning {完成，有警告} error {失败} other {已停止}}',
    'notify.watch.removed': '已移除：{name}',
    'notify.watch.connection': '连接：{state, select, ok {已连接} offline {离线} auth {登录失败} other {出错}} {message}',
    'notify.watch.status': '状态：{text}',
    'notify.watch.notification': '通知：{title} — {body}',
    'notify.watch.onceFailed': 'watch --once 未能检查 IPS：{message}',
  },
  'zh-TW': {
    'notify.success.title': '作業已完成',
    'notify.success.body': '{name} 已順利完成（{files, plural, =0 {沒有新檔案} other {成功 # 個檔案}}{updated, plural, =0 {} other {，更新 # 個}}）。',
    'notify.warning.title': '作業已完成，但有警告',
    'notify.warning.body':
      '{name}：{warnings, plural, other {# 個警告}}{duplicates, plural, =0 {} other {，略過 # 個重複檔案}}{transferWarnings, plural, =0 {} other {，# 個傳輸警告}}。',
    'notify.error.title': '作業失敗',
    'notify.error.body':
      '{name}：{fatal, select, yes {因嚴重錯誤而中止，} other {}}{errors, plural, other {# 個錯誤}}{transferErrors, plural, =0 {} other {，# 個傳輸錯誤}}{unprocessed, plural, =0 {} other {，# 個檔案未處理}}。',
    'notify.stopped.title': '作業已停止',
    'notify.stopped.body': '{name} 已被停止{unprocessed, plural, =0 {} other {，# 個檔案未處理}}。',
    'notify.started.title': '作業已開始',
    'notify.started.body': '{name} 正在執行。',
    'notify.stalled.title': '作業可能卡住了',
    'notify.stalled.body': '{name} 已經 {minutes, plural, other {# 分鐘}}沒有進度。',
    'notify.summary.title': '{count, plural, other {# 個作業已完成}}',
    'notify.summary.body':
      '{count, plural, other {# 個作業已完成}}{errors, plural, =0 {} other {，其中 # 個發生錯誤}}{warnings, plural, =0 {} other {，# 個有警告}}。',
    'notify.connectionLost.title': '與 IPS 的連線已中斷',
    'notify.connectionLost.body': 'IPS Jobs 會在背景繼續重試。{message}',
    'notify.connectionRestored.title': '與 IPS 的連線已恢復',
    'notify.connectionRestored.body': '已重新開始監看您的作業。',
    'notify.auth.title': '登入 IPS 失敗',
    'notify.auth.body': '輪詢已停止。請在「設定」中檢查使用者名稱和密碼。',
    'notify.watch.line': '【{time, time, medium}】{text}',
    'notify.watch.scheduled': '已排程：{name}',
    'notify.watch.started': '已開始：{name}',
    'notify.watch.progress': '{name}：{progress, number, percent} {message}',
    'notify.watch.updated':
      '{name}：{phase, select, scheduled {已排程} queued {佇列中} running {執行中} paused {已暫停} stopping {正在停止} other {已結束}}',
    'notify.watch.finished': '{name}：{outcome, select, success {成功} warning {完成，有警告} error {失敗} other {已停止}}',
    'notify.watch.removed': '已移除：{name}',
    'notify.watch.connection': '連線：{state, select, ok {已連線} offline {離線} auth {登入失敗} other {發生錯誤}} {message}',
    'notify.watch.status': '狀態：{text}',
    'notify.watch.notification': '通知：{title} — {body}',
    'notify.watch.onceFailed': 'watch --once 無法檢查 IPS：{message}',
  },
};
export default messages;
