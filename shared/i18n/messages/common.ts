// Messages of the 'common' area. Keys start with 'common.'; ICU MessageFormat syntax.
import type { AreaCatalogs } from '../index.ts';

const messages: AreaCatalogs = {
  en: {},
  'zh-CN': {},
  'zh-TW': {},
};
export default messages;
