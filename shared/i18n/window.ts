// The catalogs the window (and the tray and notifications) need: everything but the CLI's
// strings, so the renderer bundle does not carry them. test/unit/layers.test.ts checks that
// nothing the renderer loads reaches ./messages/cli.ts.
import common from './messages/common.ts';
import tray from './messages/tray.ts';
import notify from './messages/notify.ts';
import ui from './messages/ui.ts';
import transfers from './messages/transfers.ts';
import schedule from './messages/schedule.ts';
import runs from './messages/runs.ts';
import search from './messages/search.ts';
import exports from './messages/export.ts';
import accounts from './messages/accounts.ts';
import { createTranslations } from './translate.ts';

export type { Catalog, AreaCatalogs, MessageValues, Translate } from './translate.ts';
export const WINDOW_AREAS = [common, tray, notify, ui, transfers, schedule, runs, search, exports, accounts] as const;

export const { catalogs, t } = createTranslations(WINDOW_AREAS);
