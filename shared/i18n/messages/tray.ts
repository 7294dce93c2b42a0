// Messages of the 'tray' area. Keys start with 'tray.'; ICU MessageFormat syntax.
import type { AreaCatalogs } from '../index.ts';

const messages: AreaCatalogs = {
  en: {},
  'zh-CN': {},
  'zh-TW': {},
};
export default messages;
