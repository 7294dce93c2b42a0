// Messages of the 'cli' area. Keys start with 'cli.'; ICU MessageFormat syntax.
import type { AreaCatalogs } from '../index.ts';

const messages: AreaCatalogs = {
  en: {},
  'zh-CN': {},
  'zh-TW': {},
};
export default messages;
