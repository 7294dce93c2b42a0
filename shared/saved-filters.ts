// Saved History filters (Settings `savedFilters`): the query, the filters, the date range and the
// sort, under a name the user gave. The window saves and picks them (renderer/src/lib/saved-filters.ts);
// a stored entry that does not validate is dropped alone (electron/core/stores.ts parseSettingsLenient).
import { z } from './zod.ts';

/** History's sortable columns (renderer/src/lib/jobs.ts SortKey). */
export const HISTORY_SORT_KEYS = [
  'type',
  'name',
  'company',
  'destination',
  'start',
  'duration',
  'total',
  'success',
  'warning',
  'error',
  'duplicate',
  'outcome',
] as const;
export type HistorySortKey = (typeof HISTORY_SORT_KEYS)[number];

/** History's date ranges; `span` is one bar of Overview's chart ([from, to) in ms). */
export const HISTORY_RANGES = ['all', 'day', 'today', 'week', 'month', 'custom', 'span'] as const;

export const SAVED_FILTERS_MAX = 50;
const day = z.union([z.literal(''), z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'yyyy-mm-dd')]);
const ms = z.number().int().min(0).max(8.64e15);

export const savedFilterSchema = z
  .object({
    name: z.string().trim().min(1).max(80),
    query: z.string().max(200).default(''),
    range: z.enum(HISTORY_RANGES).default('all'),
    from: day.default(''),
    to: day.default(''),
    span: z.tuple([ms, ms]).optional(),
    outcome: z.enum(['', 'success', 'warning', 'error', 'stopped']).default(''),
    type: z.string().max(100).default(''),
    company: z.string().max(500).default(''),
    mine: z.boolean().default(false),
    submitter: z.string().max(320).default(''),
    destination: z.string().max(2048).default(''),
    sortKey: z.enum(HISTORY_SORT_KEYS).default('start'),
    sortDesc: z.boolean().default(true),
  })
  .strict();
export type SavedFilter = z.infer<typeof savedFilterSchema>;

export const savedFiltersSchema = z
  .array(savedFilterSchema)
  .max(SAVED_FILTERS_MAX)
  .refine((list) => new Set(list.map((f) => f.name)).size === list.length, { message: 'saved filter names must differ' });
