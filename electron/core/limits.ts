// The engine's bounds, in one place (engine.ts re-exports them as ENGINE_LIMITS).
export const ENGINE_LIMITS = {
  /** Rows of getJobLogs on the first poll of a company, and on later polls. */
  firstLogRows: 500,
  logRows: 200,
  /** Rows per page when the history window is filled in behind the first poll, and the pause between pages. */
  backfillRows: 2000,
  backfillPauseMs: 250,
  /** A job that left the active list waits this long for its finished log. */
  finishWaitMs: 120_000,
  pendingTimeoutMs: 120_000,
  /** Finished jobs kept (within historyDays): a busy month of a large company fits. */
  maxHistoryJobs: 100_000,
  saveDebounceMs: 5000,
  /** A large history is written less often (each write serializes every finished job). */
  largeHistoryJobs: 5000,
  largeSaveDebounceMs: 60_000,
  /** Failed/warned jobs keep the tray's attention this long unless acknowledged. */
  attentionMs: 24 * 3600_000,
  maxBackoffMs: 300_000,
  /** While idle, the schedules are re-read at least this often (besides when one comes due or something changed). */
  idleScheduleRefreshMs: 30 * 60_000,
  /** A schedule's run is looked for this long after its nextFireTime (the server needs a moment to start it). */
  scheduleGraceMs: 5_000,
};
