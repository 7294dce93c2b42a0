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
// The soap package still parses the parameters (by local name); this module decides only
// what it would get wrong.
import sax from 'sax';
import { NS_DEFAULT, NS_SOAP11, NS_SOAP12, NS_UNVERSIONED } from './xml.ts';

/** An element of the parsed request: resolved namespace URI, local name, children, text (text + CDATA). */
export interface XmlElement {
  ns: string;
  local: string;
  children: XmlElement[];
  text: string;
}

export interface SoapRequest {
  /** The Envelope is in the SOAP 1.2 namespace (answer with a 1.2 envelope and 1.2 faults). */
  soap12: boolean;
  /** The operation named by the Body's element (`getActiveJobsParam` → `getActiveJobs`), or else by the action. */
  op?: string;
  /** Namespace to answer in: the Body element's namespace (IpsApi), else the current version's. */
  ns: string;
  /** Children of the authHeader (local name → trimmed text), when the header carries one in an IpsApi namespace. */
  auth?: Record<string, string>;
  /** Untrimmed text of each child of the Body element (the soap package trims values). */
  rawValues: Record<string, string>;
  /** Why this is not a usable IPS call: answered with ipsApiFault 30003. */
  invalid?: string;
}

export interface RequestHints {
  /** HTTP Content-Type (SOAP 1.2 carries the action there: `application/soap+xml; action="…"`). */
  contentType?: string;
  /** HTTP SOAPAction (SOAP 1.1). */
  soapAction?: string;
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
  return out;
}
