// Messages of the 'ui' area. Keys start with 'ui.'; ICU MessageFormat syntax.
import type { AreaCatalogs } from '../index.ts';

const messages: AreaCatalogs = {
  en: {},
  'zh-CN': {},
  'zh-TW': {},
};
export default messages;
