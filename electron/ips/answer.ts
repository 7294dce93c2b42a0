// Reading one HTTP answer of an IPS operation: raw body → normalized result, or the
// IpsError it means. This is the seam the client calls (through ./answer-read.ts, which
// may run it in a worker): the envelope parser (./soap-wsdl.ts envelopeParser: the one-pass
// reader of ./envelope-reader.ts, else soap's parser) plugs in as the `parse` argument.
//
// Order: redirect → outline (./xml-outline.ts: DTDs, prototype keys, depth, cut-off
// XML, the Body's children, a Fault read on its own) → fault → non-2xx → shape →
// parse → normalize. Nothing here throws anything but an IpsError.
import http from 'node:http';
import { IpsError, IpsMalformedResponseError, IpsNetworkError } from './errors.ts';
import { makeScrubber, toIpsError } from './faults.ts';
import * as N from './normalize.ts';
import type { EnvelopeParser } from './soap-wsdl.ts';
import type { TransportResponse } from './transport.ts';
import { outlineXml } from './xml-outline.ts';

/** Operations whose answer carries nothing (an empty Body or an empty Return is fine). */
export const VOID_OPS = new Set(['stopJob', 'pauseJob', 'resumeJob', 'deleteJob', 'executeJob']);

/**
 * `<opReturn>` content (soap's tree) → the client's result for that operation. An
 * operation without an entry gets soap's tree of its Return element as it is.
 */
const NORMALIZE: Record<string, (ret: unknown) => unknown> = {
  getCompanyMembership: N.companyMemberships,
  getCompanyInfo: (ret) => N.company(N.field(ret, 'companyInfo')),
  getUserInfo: (ret) => N.user(N.field(ret, 'userInfo')),
  checkLogin: (ret) => N.str(N.field(ret, 'status'))?.trim(),
  getActiveJobs: N.activeJobs,
  getScheduledJobs: N.scheduledJobs,
  getJobLogs: N.jobLogs,
  getJobLogDetails: N.jobLogs,
  submitJob: (ret) => N.str(N.field(ret, 'jobHandle')),
  getAssetJobLogs: N.assetJobLogs,
  getAssetsByName: N.assets,
};

export interface AnswerContext {
  operation: string;
  /** The address the request went to (to tell a redirect to another server). */
  serviceUrl: string;
  /** Passwords that may be echoed in server text (scrubbed from every message). */
  secrets: Array<string | undefined>;
}

/** Statuses that send the client elsewhere (never followed: the request holds the password). */
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Own keys of Object.prototype at load: a parse that adds one polluted the process. */
const PROTO_KEYS = new Set(Reflect.ownKeys(Object.prototype));

/** Removes anything a parse added to Object.prototype; true when there was something. */
export function cleanPrototype(): boolean {
  let dirty = false;
  for (const k of Reflect.ownKeys(Object.prototype)) {
    if (PROTO_KEYS.has(k)) continue;
    dirty = true;
    delete (Object.prototype as Record<PropertyKey, unknown>)[k];
  }
  return dirty;
}

function oneLine(text: string, max = 120): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\s\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function redirect(res: TransportResponse, ctx: AnswerContext, scrub: (t: string) => string): IpsNetworkError {
  const op = ctx.operation;
  const words = http.STATUS_CODES[res.status];
  const status = `HTTP ${res.status}${words ? ` ${words}` : ''}`;
  const location = res.headers.location;
  let where = 'without saying where';
  if (typeof location === 'string' && location.trim() !== '') {
    try {
      const to = new URL(location.trim(), ctx.serviceUrl);
      const from = new URL(ctx.serviceUrl);
      // Only the host: a Location can carry user, password or a query with tokens.
      where =
        to.host === from.host && to.protocol === from.protocol ? 'to another address on the same server' : `to another server (${oneLine(scrub(to.host), 80)})`;
    } catch {
      where = 'to an address that is not a URL';
    }
  }
  return new IpsNetworkError(
    `IPS answered ${op} with ${status}, a redirect ${where}; the app does not follow redirects, so the password is sent only to the service address`,
    {
      operation: op,
      httpStatus: res.status,
    },
  );
}

function malformed(op: string, message: string, status: number): IpsMalformedResponseError {
  return new IpsMalformedResponseError(message, { operation: op, httpStatus: status });
}

/** What the checks before parsing decided: the answer is settled, or it is to be parsed. */
export type Checked = { settled: true; value: unknown } | { settled: false };

/**
 * The cheap part (one linear pass, about 15 ms a MB here): status, outline, fault, shape.
 * Throws the IpsError the answer means, settles void operations, or says "parse it".
 */
export function checkAnswer(res: TransportResponse, ctx: AnswerContext): Checked {
  const op = ctx.operation;
  // Built only when server text reaches a message (faults, redirects).
  let scrubber: ((t: string) => string) | undefined;
  const scrub = (t: string): string => (scrubber ??= makeScrubber(ctx.secrets))(t);
  const status = res.status;
  try {
    if (REDIRECTS.has(status)) throw redirect(res, ctx, scrub);
    const body = res.data;
    const shape = outlineXml(body);
    const ok2xx = status >= 200 && status < 300;
    if (!shape.problem && shape.root === 'Envelope' && shape.fault) {
      throwFault(shape.fault, status, op, scrub);
    }
    // Not a SOAP fault: a non-2xx is the way to IPS failing (proxy page, 503), and 2xx
    // that is not the expected document is a malformed answer.
    const dtd = shape.problem?.startsWith('a DTD') === true;
    if (!ok2xx || (shape.root !== 'Envelope' && !dtd)) throw toIpsError({ response: { status }, body }, { operation: op, scrub });
    if (shape.problem) throw malformed(op, `IPS answered ${op} with ${shape.problem}`, status);
    if (!shape.hasBody) throw malformed(op, `IPS answered ${op} with a SOAP envelope without a Body`, status);
    const children = shape.bodyChildren;
    if (children.length > 1) throw malformed(op, `IPS answered ${op} with ${children.length} elements in the SOAP Body, where one is expected`, status);
    if (VOID_OPS.has(op)) return { settled: true, value: undefined };
    const name = `${op}Return`;
    if (children[0] !== name) throw malformed(op, `IPS answered ${op} without a ${name} element`, status);
    return { settled: false };
  } catch (err) {
    if (err instanceof IpsError) throw err;
    throw malformed(op, `IPS sent an answer to ${op} that the client could not read`, status);
  }
}

/**
 * The result of `ctx.operation` from its HTTP answer, normalized (./normalize.ts), or
 * throws the IpsError the answer means. `parse` turns a SOAP envelope into soap's tree.
 * `checked`: checkAnswer already ran on this answer and said "parse it".
 */
export function readAnswer(parse: EnvelopeParser, res: TransportResponse, ctx: AnswerContext, checked = false): unknown {
  const op = ctx.operation;
  const status = res.status;
  if (!checked) {
    const pre = checkAnswer(res, ctx);
    if (pre.settled) return pre.value;
  }
  const body = res.data;
  const name = `${op}Return`;
  try {
    let tree: unknown;
    let unreadable = false;
    try {
      tree = parse(body);
    } catch {
      unreadable = true;
    }
    // Defence in depth: the outline refuses prototype keys, so this should never happen.
    if (cleanPrototype()) throw malformed(op, `IPS answered ${op} with XML that tried to change the program's objects`, status);
    if (unreadable) throw malformed(op, `IPS sent an answer to ${op} that the client could not read`, status);
    const ret = (tree as { Body?: Record<string, unknown> } | null)?.Body?.[name];
    const normalize = NORMALIZE[op];
    return normalize ? normalize(ret) : ret;
  } catch (err) {
    if (err instanceof IpsError) throw err;
    // soap's parser or a normalizer threw (invalid XML, a shape it did not expect, a stack overflow).
    throw malformed(op, `IPS sent an answer to ${op} that the client could not read`, status);
  }
}

function throwFault(fault: object, status: number, op: string, scrub: (t: string) => string): never {
  throw toIpsError({ root: { Envelope: { Body: { Fault: fault } } }, response: { status } }, { operation: op, scrub });
}
