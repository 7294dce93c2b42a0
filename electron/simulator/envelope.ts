// Reading a SOAP request the way XML namespaces say it must be read, so that the simulator
// answers any standards-following client (zeep, Axis2, .NET, soap, curl), not only ours.
//
// Every element's namespace is resolved from the declarations in scope (on the element
// itself or any ancestor, prefixed or default), by `sax` in xmlns mode. From that:
//   - the SOAP version is the namespace of the Envelope (1.1 or 1.2), not a substring search;
//   - the operation is the local name of the Body's first child (`…Param`), the answer's
//     namespace is that element's namespace (any `http://www.scene7.com/IpsApi/xsd…`);
//   - the authHeader is the Header child named `authHeader` in an IpsApi namespace, whatever
//     its prefix (zeep declares `ns0` on it and again, for another URI, on the body).
//   - the parameters are the Body element's children by local name (IpsApi or unqualified
//     namespace; others ignored), values exactly as sent: entities and CDATA decoded,
//     whitespace kept, xsi:nil as null, repeated elements as arrays.
// The soap package then only dispatches (on a canonical envelope, see canonicalEnvelope) and
// wraps the answer; its prefix-blind, trimming parser never sees a client's XML.
import sax from 'sax';
import { NS_DEFAULT, NS_SOAP11, NS_SOAP12, NS_UNVERSIONED } from './xml.ts';

/** An element of the parsed request: resolved namespace URI, local name, children, text (text + CDATA). */
export interface XmlElement {
  ns: string;
  local: string;
  children: XmlElement[];
  text: string;
  /** xsi:nil="true" */
  nil?: boolean;
}

const NS_XSI = 'http://www.w3.org/2001/XMLSchema-instance';

export interface SoapRequest {
  /** The Envelope is in the SOAP 1.2 namespace (answer with a 1.2 envelope and 1.2 faults). */
  soap12: boolean;
  /** The operation named by the Body's element (`getActiveJobsParam` → `getActiveJobs`), or else by the action. */
  op?: string;
  /** Namespace to answer in: the Body element's namespace (IpsApi), else the current version's. */
  ns: string;
  /** Children of the authHeader (local name → trimmed text), when the header carries one in an IpsApi namespace. */
  auth?: Record<string, string>;
  /** Untrimmed text of each child of the Body element. */
  rawValues: Record<string, string>;
  /** The parameters: children of the Body element (see paramArgs). */
  args?: Record<string, unknown>;
  /** Why this is not a usable IPS call: answered with ipsApiFault 30003. */
  invalid?: string;
}

export interface RequestHints {
  /** HTTP Content-Type (SOAP 1.2 carries the action there: `application/soap+xml; action="…"`). */
  contentType?: string | undefined;
  /** HTTP SOAPAction (SOAP 1.1). */
  soapAction?: string | undefined;
  /** Operation names the service knows. */
  operations: readonly string[];
}

/** True for `http://www.scene7.com/IpsApi/xsd` and every versioned `…/xsd/YYYY-MM-DD`. */
export function isIpsNamespace(ns: string): boolean {
  return ns === NS_UNVERSIONED || ns.startsWith(`${NS_UNVERSIONED}/`);
}

/** Parse a whole document into a namespace-resolved tree. Throws an Error saying what is wrong. */
export function parseXml(xml: string): XmlElement {
  const parser = sax.parser(true, { xmlns: true, trim: false, normalize: false, position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let failure: Error | undefined;
  parser.onerror = (e: Error) => {
    failure ??= new Error(e.message.split('\n')[0] ?? 'Invalid XML');
    parser.resume();
  };
  parser.ondoctype = () => {
    failure ??= new Error('A SOAP message must not contain a document type declaration');
  };
  parser.onopentag = (tag) => {
    const q = tag as sax.QualifiedTag;
    const el: XmlElement = { ns: q.uri ?? '', local: q.local ?? q.name, children: [], text: '' };
    for (const a of Object.values(q.attributes ?? {})) {
      if (a.uri === NS_XSI && a.local === 'nil' && /^\s*(true|1)\s*$/.test(a.value)) el.nil = true;
    }
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else root ??= el;
    stack.push(el);
  };
  parser.onclosetag = () => {
    stack.pop();
  };
  parser.ontext = (t: string) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  };
  parser.oncdata = (t: string) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  };
  parser.write(xml).close();
  if (failure) throw failure;
  if (!root) throw new Error('No root element');
  return root;
}

/**
 * The request's text, decoded as XML says (XML 1.0 appendix F): a byte-order mark, else the
 * Content-Type charset, else the XML declaration's encoding, else UTF-8. A client on a Latin-1
 * or UTF-16 platform is read right; an unknown encoding falls back to UTF-8.
 */
export function decodeRequest(raw: Buffer, contentType: string | undefined): string {
  let label: string | undefined;
  if (raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf) label = 'utf-8';
  else if (raw[0] === 0xff && raw[1] === 0xfe) label = 'utf-16le';
  else if (raw[0] === 0xfe && raw[1] === 0xff) label = 'utf-16be';
  label ??= /;\s*charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType ?? '')?.[1];
  label ??= /^<\?xml[^>]*\sencoding\s*=\s*["']([\w.:-]+)["']/.exec(raw.subarray(0, 200).toString('latin1'))?.[1];
  try {
    return new TextDecoder(label ?? 'utf-8').decode(raw);
  } catch {
    return new TextDecoder('utf-8').decode(raw);
  }
}

/** The operation an action names: `getActiveJobs`, `"urn:getActiveJobs"`, `http://…/IpsApi#getActiveJobs`. */
function actionOp(action: string | undefined, operations: readonly string[]): string | undefined {
  if (!action) return undefined;
  const last = action.trim().replace(/^"|"$/g, '').split(/[/#:]/).pop();
  return last && operations.includes(last) ? last : undefined;
}

/** The `action` parameter of a SOAP 1.2 Content-Type. */
function contentTypeAction(contentType: string | undefined): string | undefined {
  const m = /;\s*action\s*=\s*("([^"]*)"|[^;\s]+)/i.exec(contentType ?? '');
  return m ? (m[2] ?? m[1]) : undefined;
}

const elements = (el: XmlElement | undefined): XmlElement[] => el?.children ?? [];

/** What a SOAP request asks for, read by namespace URI and local name, never by prefix. */
export function readSoapRequest(xml: string, hints: RequestHints): SoapRequest {
  const declared12 = /^\s*application\/soap\+xml\b/i.test(hints.contentType ?? '');
  const fromAction = actionOp(hints.soapAction ?? contentTypeAction(hints.contentType), hints.operations);
  const out: SoapRequest = { soap12: declared12, ns: NS_DEFAULT, rawValues: {}, ...(fromAction ? { op: fromAction } : {}) };
  let root: XmlElement;
  try {
    root = parseXml(xml.replace(/^\uFEFF/, ''));
  } catch (err) {
    out.invalid = `Invalid request XML: ${err instanceof Error ? err.message : String(err)}`;
    return out;
  }
  if (root.local !== 'Envelope' || (root.ns !== NS_SOAP11 && root.ns !== NS_SOAP12)) {
    out.invalid = `Invalid request XML: the root element is not a SOAP Envelope ({${root.ns}}${root.local})`;
    return out;
  }
  out.soap12 = root.ns === NS_SOAP12;
  const env = root.ns;
  const header = elements(root).find((e) => e.ns === env && e.local === 'Header');
  const body = elements(root).find((e) => e.ns === env && e.local === 'Body');
  const auth = elements(header).find((e) => e.local === 'authHeader' && isIpsNamespace(e.ns));
  if (auth) {
    out.auth = {};
    // Children are qualified (elementFormDefault="qualified"); unqualified ones are accepted too.
    for (const c of elements(auth)) if (c.ns === auth.ns || c.ns === '') out.auth[c.local] = c.text.trim();
  }
  const param = elements(body)[0];
  if (!body || !param) {
    out.invalid = body ? 'Invalid request XML: the SOAP Body is empty' : 'Invalid request XML: no SOAP Body';
    return out;
  }
  const op = param.local.endsWith('Param') ? param.local.slice(0, -'Param'.length) : param.local;
  out.op = op;
  if (!hints.operations.includes(op)) {
    out.invalid = `Unknown operation '${param.local}'`;
    return out;
  }
  if (isIpsNamespace(param.ns)) out.ns = param.ns;
  else if (param.ns !== '') {
    out.invalid = `Invalid request XML: ${param.local} is in namespace '${param.ns}', not an IpsApi namespace`;
    return out;
  }
  for (const c of param.children) out.rawValues[c.local] ??= c.text;
  out.args = paramArgs(param);
  return out;
}

/** Children that are parameters: in an IpsApi namespace or unqualified (an extension's elements are ignored). */
const isParam = (e: XmlElement): boolean => e.ns === '' || isIpsNamespace(e.ns);

/**
 * An element's children as a plain record by local name, in document order: a leaf is its
 * text exactly as sent, xsi:nil is null, a repeated element is an array. Null prototype, so
 * an element named `__proto__` is just a key.
 */
export function paramArgs(el: XmlElement): Record<string, unknown> {
  const out = Object.create(null) as Record<string, unknown>;
  for (const c of el.children) {
    if (!isParam(c)) continue;
    const v = c.nil ? null : c.children.length === 0 ? c.text : paramArgs(c);
    const prev = out[c.local];
    if (!(c.local in out)) out[c.local] = v;
    else if (Array.isArray(prev)) prev.push(v);
    else out[c.local] = [prev, v];
  }
  return out;
}

/**
 * What the simulator hands the soap package for dispatch: a SOAP 1.1 envelope with just the
 * operation's (empty) element. Parameters and credentials come from readSoapRequest.
 */
export function canonicalEnvelope(op: string): string {
  return `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${NS_SOAP11}"><soap:Body><ips:${op}Param xmlns:ips="${NS_DEFAULT}"/></soap:Body></soap:Envelope>`;
}
