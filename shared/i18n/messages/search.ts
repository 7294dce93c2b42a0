// Messages of History's search: the Destination column, the submitter and destination filters and
// the saved filters (keys 'ui.search.*'); ICU MessageFormat syntax. Loaded with the window's
// catalogs (../window.ts).
import type { AreaCatalogs } from '../translate.ts';

const messages: AreaCatalogs = {
  en: {
    'ui.search.col.destination': 'Destination',
    'ui.search.destination': 'Destination',
    'ui.search.anyone': 'Anyone',
    'ui.search.anyFolder': 'Any folder',
    'ui.search.saved.label': 'Saved filters',
    'ui.search.saved.choose': 'Saved filters…',
    'ui.search.saved.new': 'Save filter…',
    'ui.search.saved.name': 'Name of this filter',
    'ui.search.saved.ok': 'Save',
    'ui.search.saved.replace': 'Replace',
    'ui.search.saved.cancel': 'Cancel',
    'ui.search.saved.done': 'Filter “{name}” saved',
    'ui.search.saved.deleted': 'Filter “{name}” deleted',
    'ui.search.saved.delete': 'Delete the saved filter “{name}”',
    'ui.search.saved.failed': 'The filter was not saved: {reason}',
  },
  'zh-CN': {
    'ui.search.col.destination': '目标文件夹',
    'ui.search.destination': '目标文件夹',
    'ui.search.anyone': '任何人',
    'ui.search.anyFolder': '任何文件夹',
    'ui.search.saved.label': '已保存的筛选',
    'ui.search.saved.choose': '已保存的筛选…',
    'ui.search.saved.new': '保存筛选…',
    'ui.search.saved.name': '此筛选的名称',
    'ui.search.saved.ok': '保存',
    'ui.search.saved.replace': '替换',
    'ui.search.saved.cancel': '取消',
    'ui.search.saved.done': '已保存筛选“{name}”',
    'ui.search.saved.deleted': '已删除筛选“{name}”',
    'ui.search.saved.delete': '删除已保存的筛选“{name}”',
    'ui.search.saved.failed': '筛选未保存：{reason}',
  },
  'zh-TW': {
    'ui.search.col.destination': '目標資料夾',
    'ui.search.destination': '目標資料夾',
    'ui.search.anyone': '任何人',
    'ui.search.anyFolder': '任何資料夾',
    'ui.search.saved.label': '已儲存的篩選',
    'ui.search.saved.choose': '已儲存的篩選…',
    'ui.search.saved.new': '儲存篩選…',
    'ui.search.saved.name': '此篩選的名稱',
    'ui.search.saved.ok': '儲存',
    'ui.search.saved.replace': '取代',
    'ui.search.saved.cancel': '取消',
    'ui.search.saved.done': '已儲存篩選「{name}」',
    'ui.search.saved.deleted': '已刪除篩選「{name}」',
    'ui.search.saved.delete': '刪除已儲存的篩選「{name}」',
    'ui.search.saved.failed': '篩選未儲存：{reason}',
  },
};

export default messages;
