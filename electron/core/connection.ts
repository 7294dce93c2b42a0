// The connection state machine, as a pure function: the discovery's and every company's
// status → the overall ConnectionInfo, and whether that is news (a `connection` event, once
// per change of the overall state, never per retry; an info update when the retry time or
// the error changed). Worst company wins: auth-failed > offline > error.
import type { ConnectionState, EngineEvent, ErrorInfo } from '../../shared/domain.ts';
import type { ConnectionInfo } from '../../shared/ipc.ts';
import { isIpsError } from '../ips/errors.ts';

export type Overall = ConnectionState | 'connecting';

/** What the engine knows about the discovery or one company's polling. */
export interface CompanyStatus {
  state: Overall;
  error?: ErrorInfo;
  retryAt?: number;
  failures: number;
  baselineDone: boolean;
  logCursor?: number;
  /** History backfill: older logs still to fetch start before this instant (ms). */
  backfillBefore?: number;
  backfillRunning?: boolean;
}

export const SEVERITY: Record<Overall, number> = { 'auth-failed': 4, offline: 3, error: 2, connecting: 1, ok: 0 };

/** The connection state a failed call puts a company (or the discovery) in. */
export function failureState(err: unknown): ConnectionState {
  const kind = isIpsError(err) ? err.kind : 'internal';
  if (kind === 'authentication') return 'auth-failed';
  if (kind === 'network' || kind === 'timeout') return 'offline';
  return 'error';
}

export function freshStatus(): CompanyStatus {
  return { state: 'connecting', failures: 0, baselineDone: false };
}

export interface ConnectionInput {
  discovery: CompanyStatus;
  /** Company handle → status, in the order the companies were listed. */
  companies: Iterable<readonly [string, CompanyStatus]>;
  /** Machine ms of the last successful call, if any. */
  lastOk?: number;
  /** The overall state before this step, and the info last published. */
  overall: Overall;
  previous: ConnectionInfo;
}

export interface ConnectionStep {
  info: ConnectionInfo;
  overall: Overall;
  /** The overall state changed to ok/offline/error/auth-failed: announce it. */
  event?: EngineEvent;
  /** The info differs in what a listener sees (state, retry time, error): publish it. */
  publish: boolean;
}

const iso = (t: number) => new Date(t).toISOString();

export function nextConnection(input: ConnectionInput): ConnectionStep {
  const { discovery } = input;
  let worst: CompanyStatus = discovery;
  let worstCo: string | undefined;
  if (discovery.state === 'ok') {
    const entries = [...input.companies];
    worst = { state: 'ok', failures: 0, baselineDone: true };
    for (const [co, s] of entries) {
      if (s.state !== 'connecting' && SEVERITY[s.state] > SEVERITY[worst.state]) {
        worst = s;
        worstCo = co;
      }
    }
    // Until one company has answered, we are still connecting.
    if (worst.state === 'ok' && entries.length > 0 && !entries.some(([, s]) => s.state === 'ok')) worst = freshStatus();
  }
  const info: ConnectionInfo = { state: worst.state };
  if (worst.error && worst.state !== 'ok' && worst.state !== 'connecting') info.error = worst.error;
  if (input.lastOk !== undefined) info.lastOk = iso(input.lastOk);
  if (worst.retryAt !== undefined && worst.state !== 'ok') info.retryAt = iso(worst.retryAt);
  const changedState = worst.state !== input.overall;
  const step: ConnectionStep = {
    info,
    overall: worst.state,
    publish: changedState || input.previous.retryAt !== info.retryAt || JSON.stringify(input.previous.error) !== JSON.stringify(info.error),
  };
  if (changedState && worst.state !== 'connecting') {
    const e: EngineEvent = { event: 'connection', state: worst.state };
    if (worstCo) e.companyHandle = worstCo;
    if (info.error) e.error = info.error;
    if (info.retryAt) e.retryAt = info.retryAt;
    step.event = e;
  }
  return step;
}
