// Messages of the 'schedule' area: schedules in words (shared/schedule-text.ts), for the
// window and the CLI. Keys start with 'schedule.'; ICU MessageFormat syntax.
import type { AreaCatalogs } from '../translate.ts';

const messages: AreaCatalogs = {
  en: {
    'schedule.everyMinute': 'Every minute',
    'schedule.everyMinutes': 'Every {n} minutes',
    'schedule.hourly': 'Every hour',
    'schedule.hourlyAt': 'Every hour at :{mm}',
    'schedule.everyHours': 'Every {n} hours',
    'schedule.everyHoursAt': 'Every {n} hours at :{mm}',
    'schedule.daily': 'Daily at {time}',
    'schedule.weekdays': 'Weekdays at {time}',
    'schedule.weekly': 'Every {days} at {time}',
    'schedule.monthly': 'Monthly on day {day} at {time}',
    'schedule.withZone': '{text} {zone}',
  },
  'zh-CN': {
    'schedule.everyMinute': '每分钟',
    'schedule.everyMinutes': '每 {n} 分钟',
    'schedule.hourly': '每小时',
    'schedule.hourlyAt': '每小时第 {mm} 分',
    'schedule.everyHours': '每 {n} 小时',
    'schedule.everyHoursAt': '每 {n} 小时的第 {mm} 分',
    'schedule.daily': '每天 {time}',
    'schedule.weekdays': '每个工作日 {time}',
    'schedule.weekly': '每{days} {time}',
    'schedule.monthly': '每月 {day} 日 {time}',
    'schedule.withZone': '{text}（{zone}）',
  },
  'zh-TW': {
    'schedule.everyMinute': '每分鐘',
    'schedule.everyMinutes': '每 {n} 分鐘',
    'schedule.hourly': '每小時',
    'schedule.hourlyAt': '每小時第 {mm} 分',
    'schedule.everyHours': '每 {n} 小時',
    'schedule.everyHoursAt': '每 {n} 小時的第 {mm} 分',
    'schedule.daily': '每天 {time}',
    'schedule.weekdays': '每個工作日 {time}',
    'schedule.weekly': '每{days} {time}',
    'schedule.monthly': '每月 {day} 日 {time}',
    'schedule.withZone': '{text}（{zone}）',
  },
};

export default messages;
