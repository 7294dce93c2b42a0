// Turns whatever a SOAP call threw into one of the IpsError classes, with a one-line
// message and no secret in it.
//
// Classification (consistent, documented in the report and below):
// - a SOAP Fault in the body (any HTTP status, incl. 200 via faultHttpStatusCode) →
//   authenticationFault → IpsAuthenticationError, authorizationFault →
//   IpsAuthorizationError, ipsApiFault or an unknown/missing detail → IpsFaultError
//   (a detail-less fault whose faultstring names Authentication/Authorization maps to
//   those classes);
// - no HTTP response (refused, reset, DNS, TLS, dropped mid-body) → IpsNetworkError;
// - deadline passed → IpsTimeoutError;
// - a non-2xx HTTP status whose body is not a SOAP fault (e.g. a proxy's HTML 502 page,
//   a plain-text 503) → IpsNetworkError with httpStatus: the server was not reached
//   properly, so the poller treats it like being offline and retries;
// - a 2xx whose body is not the expected SOAP document (HTML, plain text, truncated or
//   corrupt XML, wrong root/body element) → IpsMalformedResponseError.
import { IpsError, IpsMalformedResponseError, IpsNetworkError, IpsTimeoutError, markScrubbed, faultKind, ipsError } from './errors.ts';
import { TransportFailure } from './transport.ts';

// Scrubbing lives in ./scrub.ts (dependency-free, shared with the CLI's last-resort handler).
export { makeScrubber, secretForms } from './scrub.ts';

export interface FaultContext {
  operation: string;
  scrub: (text: string) => string;
}

/** One line, bounded length, scrubbed. */
function oneLine(text: string, scrub: (t: string) => string, max = 240): string {
  const flat = scrub(text).replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function localName(key: string): string {
  const i = key.lastIndexOf(':');
  return i >= 0 ? key.slice(i + 1) : key;
}

/** The value under a key whose local name (prefix ignored) matches, case-insensitively. */
function pick(obj: unknown, name: string): unknown {
  if (!obj || typeof obj !== 'object') return undefined;
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(obj)) if (localName(k).toLowerCase() === lower) return v;
  return undefined;
}

function text(v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object') {
    const inner = pick(v, '$value') ?? pick(v, 'Text') ?? pick(v, '_');
    if (inner !== undefined) return text(inner);
  }
  return undefined;
}

function httpStatusOf(err: unknown): number | undefined {
  const s = (err as { response?: { status?: unknown } } | null)?.response?.status;
  return typeof s === 'number' ? s : undefined;
}

function bodyOf(err: unknown): string {
  const e = err as { body?: unknown; response?: { data?: unknown } } | null;
  const b = e?.body ?? e?.response?.data;
  return typeof b === 'string' ? b : '';
}

/** What kind of non-SOAP body this is, for the message. */
export function describeBody(body: string): string {
  const t = body.trim();
  if (t === '') return 'an empty body';
  if (/^(<\?xml[^>]*>\s*)?<!doctype html|<html[\s>]/i.test(t.slice(0, 512))) return 'an HTML page';
  if (!t.startsWith('<')) return 'text that is not XML';
  if (!/<([\w.-]+:)?Envelope[\s>]/.test(t)) return 'XML that is not a SOAP envelope';
  return 'incomplete or invalid XML';
}

function authMessage(code: number | undefined, reason: string | undefined): string {
  switch (code) {
    case 10000:
      return 'IPS received no user name or password (10000)';
    case 10001:
      return 'IPS rejected the user name or password (10001)';
    case 10002:
      return 'IPS does not know this user, or the account is not valid (10002)';
    default:
      return `IPS could not authenticate the user${reason ? `: ${reason.slice(0, 240)}` : ''}${code !== undefined ? ` (${code})` : ''}`;
  }
}

function authzMessage(op: string, code: number | undefined, reason: string | undefined): string {
  switch (code) {
    case 20000:
    case 20006:
      return `IPS refused ${op}: the user is not a member of this company (${code})`;
    case 20003:
      return `IPS refused ${op}: the user's role may not do this (20003)`;
    default:
      return `IPS refused ${op}${reason ? `: ${reason.slice(0, 240)}` : ''}${code !== undefined ? ` (${code})` : ''}`;
  }
}

function faultFrom(fault: object, err: unknown, ctx: FaultContext): IpsError {
  const httpStatus = httpStatusOf(err);
  const detail = pick(fault, 'detail') ?? pick(fault, 'Detail');
  let element: string | undefined;
  let code: number | undefined;
  let reason: string | undefined;
  if (detail && typeof detail === 'object') {
    for (const [k, v] of Object.entries(detail)) {
      const name = localName(k);
      if (name === 'attributes' || name === '$value') continue;
      element = name;
      const c = text(pick(v, 'code'));
      if (c !== undefined && /^\s*-?\d+\s*$/.test(c)) code = Number(c);
      const r = text(pick(v, 'reason'));
      if (r !== undefined && r.trim() !== '') reason = oneLine(r, ctx.scrub, 2000);
      break;
    }
  }
  // SOAP 1.1 faultstring, or SOAP 1.2 Reason/Text.
  const faultstring = text(pick(fault, 'faultstring')) ?? text(pick(pick(fault, 'Reason'), 'Text'));
  const fsLine = faultstring ? oneLine(faultstring, ctx.scrub, 160) : undefined;
  const extra = {
    operation: ctx.operation,
    ...(code !== undefined && { code }),
    ...(reason !== undefined && { reason }),
    ...(httpStatus !== undefined && { httpStatus }),
  };
  const kind = faultKind(element, faultstring);
  if (kind === 'authentication') return ipsError(kind, authMessage(code, reason), extra);
  if (kind === 'authorization') return ipsError(kind, authzMessage(ctx.operation, code, reason), extra);
  const why = reason !== undefined ? oneLine(reason, ctx.scrub) : fsLine;
  return ipsError(kind, `IPS could not run ${ctx.operation}${why ? `: ${why}` : ''}${code !== undefined ? ` (${code})` : ''}`, extra);
}

/** Maps anything a call rejected with to an IpsError. Never copies the original error. */
export function toIpsError(err: unknown, ctx: FaultContext): IpsError {
  if (err instanceof IpsError) return err;
  return markScrubbed(mapError(err, ctx));
}

function mapError(err: unknown, ctx: FaultContext): IpsError {
  const op = ctx.operation;
  if (err instanceof TransportFailure) {
    const extra = { operation: op, ...(err.httpStatus !== undefined && { httpStatus: err.httpStatus }) };
    if (err.kind === 'timeout') return new IpsTimeoutError(`IPS did not answer ${op} in time (${err.message})`, extra);
    if (err.kind === 'malformed') return new IpsMalformedResponseError(`IPS sent an unreadable answer to ${op}: ${err.message}`, extra);
    return new IpsNetworkError(`Could not reach IPS for ${op}: ${err.message}`, extra);
  }
  const root = (err as { root?: unknown } | null)?.root;
  const fault = pick(pick(pick(root, 'Envelope'), 'Body'), 'Fault');
  if (fault && typeof fault === 'object') return faultFrom(fault, err, ctx);

  const httpStatus = httpStatusOf(err);
  const body = bodyOf(err);
  if (httpStatus !== undefined && (httpStatus < 200 || httpStatus > 299)) {
    return new IpsNetworkError(`IPS answered ${op} with HTTP ${httpStatus} and ${describeBody(body)} instead of a SOAP response`, {
      operation: op,
      httpStatus,
    });
  }
  const extra = { operation: op, ...(httpStatus !== undefined && { httpStatus }) };
  if (httpStatus !== undefined || body !== '') {
    return new IpsMalformedResponseError(`IPS answered ${op} with ${describeBody(body)} instead of a SOAP response`, extra);
  }
  // soap threw while reading a response of an unexpected shape (no response details kept).
  return new IpsMalformedResponseError(`IPS sent an answer to ${op} that the client could not read`, extra);
}
