// Messages of the 'notify' area. Keys start with 'notify.'; ICU MessageFormat syntax.
import type { AreaCatalogs } from '../index.ts';

const messages: AreaCatalogs = {
  en: {},
  'zh-CN': {},
  'zh-TW': {},
};
export default messages;
