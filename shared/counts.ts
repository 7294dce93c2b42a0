// The file counts of a job, defined once for every face (History, detail, Overview, tray,
// notifications, CLI table and --json, simulator).
//
// What IPS reports in a JobLog (docs/ips-api/types.md §4):
//   fileSuccessCount    files processed successfully as new assets
//   fileUpdateCount     files that updated (overwrote) an existing asset; split OUT of
//                       fileSuccessCount since IPS 4.0, so the two never overlap
//   fileWarningCount    files that produced a warning
//   fileErrorCount      files that caused an error
//   fileDuplicateCount  duplicate files, skipped
//   totalFileCount      files the job was given (the reference example shows 0 while the other
//                       counts are not: never trust it below the sum of the parts)
//   transfer*Count      file transfers (IPS 4.4+): the same files seen from the transfer step,
//                       NOT more files. Adding them to the file counts counts a file twice.
//
// What Dynamic Media Classic's own Jobs page shows: Total, W (warnings) and E (errors), i.e.
// totalFileCount, fileWarningCount and fileErrorCount. We use the same meaning:
//   errors     = fileErrorCount              (not + transferErrorCount)
//   warnings   = fileWarningCount            (duplicates and transfer warnings are their own numbers)
//   succeeded  = fileSuccessCount            (updated files are shown apart)
//   updated    = fileUpdateCount
//   duplicates = fileDuplicateCount
//   processed  = succeeded + updated + warnings + errors + duplicates
//   total      = max(totalFileCount, processed)
//   unprocessed = total − processed          (files a stopped or aborted job never reached)
import type { JobLog } from './domain.ts';

export type CountFields = Pick<
  JobLog,
  | 'fileSuccessCount'
  | 'fileErrorCount'
  | 'fileWarningCount'
  | 'fileDuplicateCount'
  | 'fileUpdateCount'
  | 'totalFileCount'
  | 'transferSuccessCount'
  | 'transferErrorCount'
  | 'transferWarningCount'
>;

export interface JobCounts {
  /** Files the job was given (at least the processed ones). */
  total: number;
  succeeded: number;
  updated: number;
  warnings: number;
  errors: number;
  duplicates: number;
  /** Files that reached an outcome: succeeded + updated + warnings + errors + duplicates. */
  processed: number;
  /** total − processed: for a finished log, files a stopped or aborted job never reached (0 for a complete job); while running, files still to do. */
  unprocessed: number;
  transfers: { succeeded: number; warnings: number; errors: number };
}

function n(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : 0;
}

/** The counts of a job log (all zero without one). */
export function jobCounts(log: Partial<CountFields> | undefined | null): JobCounts {
  const succeeded = n(log?.fileSuccessCount);
  const updated = n(log?.fileUpdateCount);
  const warnings = n(log?.fileWarningCount);
  const errors = n(log?.fileErrorCount);
  const duplicates = n(log?.fileDuplicateCount);
  const processed = succeeded + updated + warnings + errors + duplicates;
  const total = Math.max(n(log?.totalFileCount), processed);
  return {
    total,
    succeeded,
    updated,
    warnings,
    errors,
    duplicates,
    processed,
    unprocessed: total - processed,
    transfers: { succeeded: n(log?.transferSuccessCount), warnings: n(log?.transferWarningCount), errors: n(log?.transferErrorCount) },
  };
}
