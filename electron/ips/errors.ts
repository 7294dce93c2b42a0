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

  constructor(kind: ErrorKind, message: string, extra: ErrorExtra = {}) {
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

type ErrorExtra = Omit<ErrorInfo, 'kind' | 'message'>;

/** The base of one kind's class: the kind is fixed, the name is the subclass's. */
function kindClass(kind: ErrorKind) {
  return class extends IpsError {
    constructor(message: string, extra: ErrorExtra = {}) {
      super(kind, message, extra);
    }
  };
}

/** authenticationFault (10000–10002): the user or password is wrong or missing. */
export class IpsAuthenticationError extends kindClass('authentication') {}

/** authorizationFault (20000–20009): authenticated, but not allowed to do this. */
export class IpsAuthorizationError extends kindClass('authorization') {}

/** ipsApiFault (30000–30003) or an unknown fault element. */
export class IpsFaultError extends kindClass('fault') {}

/** Connection refused or reset, DNS failure, TLS failure, or an HTTP error without a SOAP body. */
export class IpsNetworkError extends kindClass('network') {}

/** No complete answer within the request timeout. */
export class IpsTimeoutError extends kindClass('timeout') {}

/** The server answered, but not with the SOAP document we expected (HTML, truncated, wrong shape). */
export class IpsMalformedResponseError extends kindClass('malformed') {}

const CLASSES = {
  authentication: IpsAuthenticationError,
  authorization: IpsAuthorizationError,
  fault: IpsFaultError,
  network: IpsNetworkError,
  timeout: IpsTimeoutError,
  malformed: IpsMalformedResponseError,
} as const;

/** An error of the class for its kind (a plain IpsError for the kinds without one, e.g. usage). */
export function ipsError(kind: ErrorKind, message: string, extra: ErrorExtra = {}): IpsError {
  const Cls = CLASSES[kind as keyof typeof CLASSES];
  return Cls ? new Cls(message, extra) : new IpsError(kind, message, extra);
}

/** The IpsError of the right class again, from its plain data (what a worker thread sent back). */
export function fromErrorInfo(info: ErrorInfo): IpsError {
  const { kind, message, ...extra } = info;
  return ipsError(kind, message, extra);
}

/**
 * The kind a SOAP fault stands for, by its detail element; a fault without a detail element
 * whose faultstring names Authentication or Authorization is taken for that kind.
 */
export function faultKind(element: string | undefined, faultstring = ''): 'authentication' | 'authorization' | 'fault' {
  if (element === 'authenticationFault' || (element === undefined && /authentication/i.test(faultstring))) return 'authentication';
  if (element === 'authorizationFault' || (element === undefined && /authorization/i.test(faultstring))) return 'authorization';
  return 'fault';
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
