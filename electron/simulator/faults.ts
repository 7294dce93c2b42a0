// Fault injection for tests and demos: latency, SOAP faults, HTML error pages,
// malformed XML, truncated bodies and dropped connections — for all calls or one
// operation, for the next N calls or until cleared.
import type { FaultElement } from './soap-fault.ts';

export interface FaultScope {
  /** Only calls of this operation (e.g. 'getActiveJobs'); default every operation. */
  op?: string;
  /** How many calls it applies to (default 1; Infinity = until cleared). */
  count?: number;
}

export type FaultRule =
  | ({ kind: 'soapFault'; element: FaultElement; code: number; reason: string; status: number } & Required<Pick<FaultScope, 'count'>> & Pick<FaultScope, 'op'>)
  | ({ kind: 'http'; status: number; body: string; contentType: string } & Required<Pick<FaultScope, 'count'>> & Pick<FaultScope, 'op'>)
  | ({ kind: 'malformed' } & Required<Pick<FaultScope, 'count'>> & Pick<FaultScope, 'op'>)
  | ({ kind: 'truncated'; mode: 'cut' | 'close' } & Required<Pick<FaultScope, 'count'>> & Pick<FaultScope, 'op'>)
  | ({ kind: 'drop' } & Required<Pick<FaultScope, 'count'>> & Pick<FaultScope, 'op'>)
  | ({ kind: 'hang' } & Required<Pick<FaultScope, 'count'>> & Pick<FaultScope, 'op'>);

export interface Faults {
  /** Delay every answer (or one operation's) by `ms` real milliseconds; 0 clears. */
  latency(ms: number, op?: string): void;
  /** The next call(s) answer this SOAP fault (HTTP 500 unless `status`). */
  soapFault(fault: { element?: FaultElement; code: number; reason?: string; status?: number }, scope?: FaultScope): void;
  /** The next call(s) answer an HTML error page with this status (e.g. 502, 503). */
  httpError(status: number, scope?: FaultScope & { body?: string }): void;
  /** The next call(s) answer 200 with XML that is not well-formed. */
  malformed(scope?: FaultScope): void;
  /**
   * The next call(s) answer a body cut off in the middle. `cut` (default): a complete
   * HTTP response whose XML stops half-way; `close`: the connection closes mid-body.
   */
  truncated(scope?: FaultScope & { mode?: 'cut' | 'close' }): void;
  /** The next call(s) get their connection destroyed without any answer. */
  drop(scope?: FaultScope): void;
  /** The next call(s) never get an answer (until the simulator closes): for timeout tests. */
  hang(scope?: FaultScope): void;
  /** Remove every rule and every latency. */
  clear(): void;
  /** Rules still waiting. */
  pending(): readonly FaultRule[];
  /** Calls received per operation (including faulted ones). */
  readonly calls: Record<string, number>;
}

const HTML = (status: number): string =>
  `<!DOCTYPE html><html><head><title>${status} Error</title></head><body><h1>HTTP Status ${status}</h1><p>The server is temporarily unable to service your request.</p><hr/><address>Apache Server at s7sps1apissl.scene7.com Port 443</address></body></html>`;

function defaultElement(code: number): FaultElement {
  if (code >= 10000 && code < 20000) return 'authenticationFault';
  if (code >= 20000 && code < 30000) return 'authorizationFault';
  return 'ipsApiFault';
}

export class FaultController implements Faults {
  private rules: FaultRule[] = [];
  private latencyAll = 0;
  private latencyOp = new Map<string, number>();
  readonly calls: Record<string, number> = {};

  latency(ms: number, op?: string): void {
    const v = Math.max(0, ms);
    if (op === undefined) this.latencyAll = v;
    else if (v === 0) this.latencyOp.delete(op);
    else this.latencyOp.set(op, v);
  }

  latencyFor(op: string): number {
    return this.latencyOp.get(op) ?? this.latencyAll;
  }

  private add(rule: FaultRule): void {
    this.rules.push(rule);
  }

  private scope(s: FaultScope | undefined): { count: number; op?: string } {
    return { count: s?.count ?? 1, ...(s?.op !== undefined ? { op: s.op } : {}) };
  }

  soapFault(fault: { element?: FaultElement; code: number; reason?: string; status?: number }, scope?: FaultScope): void {
    this.add({
      kind: 'soapFault',
      element: fault.element ?? defaultElement(fault.code),
      code: fault.code,
      reason: fault.reason ?? `Injected fault ${fault.code}`,
      status: fault.status ?? 500,
      ...this.scope(scope),
    });
  }

  httpError(status: number, scope?: FaultScope & { body?: string }): void {
    this.add({ kind: 'http', status, body: scope?.body ?? HTML(status), contentType: 'text/html;charset=UTF-8', ...this.scope(scope) });
  }

  malformed(scope?: FaultScope): void {
    this.add({ kind: 'malformed', ...this.scope(scope) });
  }

  truncated(scope?: FaultScope & { mode?: 'cut' | 'close' }): void {
    this.add({ kind: 'truncated', mode: scope?.mode ?? 'cut', ...this.scope(scope) });
  }

  drop(scope?: FaultScope): void {
    this.add({ kind: 'drop', ...this.scope(scope) });
  }

  hang(scope?: FaultScope): void {
    this.add({ kind: 'hang', ...this.scope(scope) });
  }

  clear(): void {
    this.rules = [];
    this.latencyAll = 0;
    this.latencyOp.clear();
  }

  pending(): readonly FaultRule[] {
    return this.rules;
  }

  /** Count the call and take the first rule that applies to it (consuming one use). */
  take(op: string): FaultRule | undefined {
    this.calls[op] = (this.calls[op] ?? 0) + 1;
    const i = this.rules.findIndex((r) => r.op === undefined || r.op === op);
    if (i < 0) return undefined;
    const rule = this.rules[i] as FaultRule;
    rule.count -= 1;
    if (rule.count <= 0) this.rules.splice(i, 1);
    return rule;
  }
}
