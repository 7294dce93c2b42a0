// Every failure of an IPS call becomes one of these. Their messages are one readable
// line and never contain a password: the client builds them from the operation, the
// HTTP status and the fault fields, never from the request, and scrubs only the text a
// server sent back (fault reason, faultstring), where an echoed password can sit (./scrub.ts).
import type { ErrorInfo, ErrorKind } from '../../shared/domain.ts';

export class IpsError extends Error {
  readonly kind: ErrorKind;
  readonly code: number | undefined;
  readonly reason: string | undefined;
  readonly httpStatus: number | undefined;
  readonly operation: string | undefined;

  constructor(kind: ErrorKind, message: string, extra: Omit<ErrorInfo, 'kind' | 'message'> = {}) {
    super(message);
    this.name = new.target.name;
    this.kind = kind;
    this.code = extra.code;
    this.reason = extra.reason;
    this.httpStatus = extra.httpStatus;
    this.operation = extra.operation;
  }

  toInfo(): ErrorInfo {
    const info: ErrorInfo = { kind: this.kind, message: this.message };
    if (this.code !== undefined) info.code = this.code;
    if (this.reason !== undefined) info.reason = this.reason;
    if (this.httpStatus !== undefined) info.httpStatus = this.httpStatus;
    if (this.operation !== undefined) info.operation = this.operation;
    return info;
  }
}

/** authenticationFault (10000–10002): the user or password is wrong or missing. */
export class IpsAuthenticationError extends IpsError {
  constructor(message: string, extra: Omit<ErrorInfo, 'kind' | 'message'> = {}) {
    super('authentication', message, extra);
  }
}

/** authorizationFault (20000–20009): authenticated, but not allowed to do this. */
export class IpsAuthorizationError extends IpsError {
  constructor(message: string, extra: Omit<ErrorInfo, 'kind' | 'message'> = {}) {
    super('authorization', message, extra);
  }
}

/** ipsApiFault (30000–30003) or an unknown fault element. */
export class IpsFaultError extends IpsError {
  constructor(message: string, extra: Omit<ErrorInfo, 'kind' | 'message'> = {}) {
    super('fault', message, extra);
  }
}

/** Connection refused or reset, DNS failure, TLS failure, or an HTTP error without a SOAP body. */
export class IpsNetworkError extends IpsError {
  constructor(message: string, extra: Omit<ErrorInfo, 'kind' | 'message'> = {}) {
    super('network', message, extra);
  }
}

/** No complete answer within the request timeout. */
export class IpsTimeoutError extends IpsError {
  constructor(message: string, extra: Omit<ErrorInfo, 'kind' | 'message'> = {}) {
    super('timeout', message, extra);
  }
}

/** The server answered, but not with the SOAP document we expected (HTML, truncated, wrong shape). */
export class IpsMalformedResponseError extends IpsError {
  constructor(message: string, extra: Omit<ErrorInfo, 'kind' | 'message'> = {}) {
    super('malformed', message, extra);
  }
}

const SCRUBBED = new WeakSet<object>();

/**
 * Marks an error made by the client's error mapping (./faults.ts): its message was built
 * without the password and its server text already scrubbed, so an outer layer (the CLI)
 * prints it as it is instead of scrubbing again and masking ordinary words.
 */
export function markScrubbed<T extends IpsError>(err: T): T {
  SCRUBBED.add(err);
  return err;
}

export function isScrubbed(err: unknown): boolean {
  return typeof err === 'object' && err !== null && SCRUBBED.has(err);
}

export function isIpsError(err: unknown): err is IpsError {
  return err instanceof IpsError;
}

/** Any thrown value as plain error data, safe to log, print or send over IPC. */
export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof IpsError) return err.toInfo();
  const message = err instanceof Error ? err.message : String(err);
  return { kind: 'internal', message };
}

/** Fault codes from docs/ips-api/README.md §5. */
export const FAULT_CODES = {
  NO_CREDENTIALS: 10000,
  INVALID_CREDENTIALS: 10001,
  INVALID_USER: 10002,
  INVALID_COMPANY: 20000,
  NO_OPERATION_PERMISSION: 20003,
  ILLEGAL_COMPANY: 20006,
  EXCEPTION: 30000,
  INVALID_PARAMETER: 30001,
  MISSING_PARAMETER: 30002,
  INVALID_REQUEST_XML: 30003,
} as const;
