// A one-pass reader of SOAP answers: raw text → the same object tree soap's parser makes
// (`client.wsdl.xmlToObject`, sax underneath), about 4× faster, with nothing in the tree
// pointing into the body. ./normalize.ts then reads the tree as before, so every tolerance
// of the normalizer (items/item, text triggerState, prefixes, …) holds on both paths.
//
// It runs after ./xml-outline.ts has passed the answer (well-formed, at most 64 deep, no
// DTD, no prototype keys) and reads only the plain shape real answers have. For anything
// else it returns undefined and the caller uses soap's parser (./soap-wsdl.ts):
// attributes in the Body other than namespace declarations (xsi:nil, xsi:type, …), an id
// or href anywhere (multiRef), CDATA, comments or processing instructions in the Body,
// text beside child elements, a Fault, an entity or a name sax may read differently, a
// Body child that is not a WSDL message.
//
// Where soap's tree depends on the WSDL it follows soap's own rules with soap's own schema
// descriptions: an element of an array type is always an array; an empty element is ''
// when its type is xsd:string (its whitespace, if any) and null otherwise; the text of an
// element whose type has a custom deserializer (int, long, boolean, dateTime, …) is
// trimmed, other text is kept as it is. test/unit/envelope-reader.test.ts checks the tree
// against soap's, answer by answer.
import type { Client } from 'soap';
import { freshText } from '../../shared/fresh-text.ts';

const ENV_URI = 'http://schemas.xmlsoap.org/soap/envelope/';
/** Schema type local names whose text soap hands trimmed to our deserializer (./soap-wsdl.ts). */
const TRIMMED = new Set(['int', 'integer', 'long', 'short', 'byte', 'double', 'float', 'decimal', 'boolean', 'bool', 'dateTime', 'date', 'time']);

const OPEN = /<([^\s/>!?][^\s/>]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
const ATTR = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
/** Names sax reads as this reader does (anything else is left to sax). */
const NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?$/;
const ENTITY = /&([^;&]*);/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

type Schema = unknown;
type Tree = Record<string, unknown>;

/** How soap keeps an element's text: 0 as it is, 1 as it is and '' when empty (xsd:string), 2 trimmed. */
type TextKind = 0 | 1 | 2;

/** What an element's name under a parent's schema means (soap's lookups, made once). */
interface Step {
  schema: Schema;
  kind: TextKind;
  /** The parent's schema makes this element an array. */
  array: boolean;
}

interface Frame {
  local: string;
  /** Whether this element is in the Body (or is the Body): only there is a tree built. */
  build: boolean;
  schema: Schema;
  kind: TextKind;
  array: boolean;
  obj: Tree | undefined;
  text: string | undefined;
  /** Whitespace-only text seen (soap keeps it for an empty xsd:string element). */
  ws: string;
}

/** Text the reader gives up on (the caller parses with soap). */
class Unhandled extends Error {}
const unhandled = (): never => {
  throw new Unhandled();
};

function localOf(qname: string): string {
  const i = qname.indexOf(':');
  return i >= 0 ? qname.slice(i + 1) : qname;
}

/** soap's splitQName(x).name for a schema value. */
function typeLocal(schema: Schema): unknown {
  if (typeof schema !== 'string') return schema;
  const top = schema.split('|', 1)[0] ?? '';
  return top.slice(top.indexOf(':') + 1);
}

function isXmlChar(c: number): boolean {
  return c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

/** Entities decoded as sax decodes them (named ones in any case, numeric ones checked); else unhandled. */
function decode(text: string): string {
  if (!text.includes('&')) return text;
  const out = text.replace(ENTITY, (_m, e: string) => {
    const lc = e.toLowerCase();
    const named = NAMED[lc];
    if (named !== undefined) return named;
    let num = NaN;
    let digits = '';
    let numStr = '';
    if (lc.startsWith('#x')) {
      digits = lc.slice(2);
      num = parseInt(digits, 16);
      numStr = num.toString(16);
    } else if (lc.startsWith('#')) {
      digits = lc.slice(1);
      num = parseInt(digits, 10);
      numStr = num.toString(10);
    }
    if (Number.isNaN(num) || numStr !== digits.replace(/^0+/, '') || !isXmlChar(num)) return unhandled();
    return String.fromCodePoint(num);
  });
  // An & that did not start a reference (sax refuses it in strict mode).
  if (out.length > 0 && text.replace(ENTITY, '').includes('&')) unhandled();
  return out;
}

export type EnvelopeReader = (xml: string) => { Body: unknown } | undefined;

export interface ReaderOptions {
  /**
   * Copy every value out of the body (default). Off only where the tree is cloned anyway
   * before anything keeps it (the answer worker posts its result to the main thread).
   */
  copyText?: boolean;
}

function textKind(schema: Schema): TextKind {
  const t = typeLocal(schema);
  return t === 'string' ? 1 : typeof t === 'string' && TRIMMED.has(t) ? 2 : 0;
}

/** The reader for this soap client's WSDL (its messages and their schema descriptions). */
export function envelopeReader(client: Client, opts: ReaderOptions = {}): EnvelopeReader {
  const defs = client.wsdl.definitions as unknown as { messages: Record<string, { description(d: unknown): Schema } | undefined> };
  const descriptions = new Map<string, Schema>();
  const describe = (name: string): Schema => {
    if (!Object.hasOwn(defs.messages, name)) return undefined;
    let d = descriptions.get(name);
    if (d === undefined && !descriptions.has(name)) descriptions.set(name, (d = defs.messages[name]?.description(defs)));
    return d;
  };
  // soap's lookups of a child's schema, per parent schema object and name (the descriptions are fixed).
  const steps = new WeakMap<object, Map<string, Step>>();
  const unschemed = new Map<string, Step>();
  const step = (topSchema: Schema, parentSchema: Schema, local: string): Step => {
    const cacheable = topSchema === parentSchema && (topSchema === undefined || typeof topSchema === 'object');
    let table: Map<string, Step> | undefined;
    if (cacheable) {
      if (topSchema === undefined) table = unschemed;
      else if (!(table = steps.get(topSchema as object))) steps.set(topSchema as object, (table = new Map()));
      const hit = table.get(local);
      if (hit) return hit;
    }
    const arrayName = `${local}[]`;
    const ts = topSchema as Record<string, Schema> | undefined;
    const name = ts && ts[arrayName] ? arrayName : local;
    let schema: Schema = ts && (ts[local] || ts[arrayName] || ts[name] || ts[`${name}[]`]);
    if (!schema) {
      const rs = describe(local) as Record<string, Schema> | undefined;
      schema = rs && (rs[local] || rs[arrayName] || rs[name] || rs[`${name}[]`]);
    }
    const ps = parentSchema as Record<string, Schema> | undefined;
    const out: Step = { schema, kind: textKind(schema), array: Boolean(ps && ps[arrayName]) };
    if (table && table.size < 10_000) table.set(local, out);
    return out;
  };
  const copy = opts.copyText === false ? (t: string) => t : freshText;
  return (xml: string) => {
    try {
      return read(xml, describe, step, copy);
    } catch (err) {
      if (err instanceof Unhandled) return undefined;
      throw err;
    }
  };
}

function read(
  xml: string,
  describe: (name: string) => Schema,
  step: (topSchema: Schema, parentSchema: Schema, local: string) => Step,
  copy: (t: string) => string,
): { Body: unknown } {
  // soap's namespace table is one map for the whole document, not scoped.
  const xmlns: Record<string, string> = Object.create(null) as Record<string, string>;
  let envPrefix = 'soap';
  let objectName: string | undefined;
  // What soap starts from: a schema that knows the Envelope, its Header and Body, and a Fault.
  const rootSchema = { Envelope: { Header: {}, Body: { Fault: {} } } };
  const stack: Frame[] = [{ local: '', build: false, schema: rootSchema, kind: 0, array: false, obj: undefined, text: undefined, ws: '' }];
  // Names checked once per answer.
  const locals = new Map<string, string>();
  let body: { Body: unknown } | undefined;

  const open = (qname: string, attrs: string): Frame => {
    let local = locals.get(qname);
    if (local === undefined) {
      if (!NAME.test(qname)) unhandled();
      locals.set(qname, (local = localOf(qname)));
    }
    const top = stack[stack.length - 1] as Frame;
    if (stack.length === 1 && local !== 'Envelope') unhandled(); // soap's tree is then not the Envelope's
    const build = top.build || (stack.length === 2 && local === 'Body');
    if (attrs) {
      ATTR.lastIndex = 0;
      for (let m = ATTR.exec(attrs); m; m = ATTR.exec(attrs)) {
        const name = m[1] ?? '';
        const raw = m[2] ?? m[3] ?? '';
        if (!NAME.test(name) || raw.includes('<')) unhandled();
        const value = decode(raw);
        if (name === 'xmlns' || name.startsWith('xmlns:')) {
          const prefix = name === 'xmlns' ? 'xmlns' : name.slice(6);
          xmlns[prefix] = value;
          if (value === ENV_URI) envPrefix = prefix;
          continue;
        }
        const l = localOf(name);
        // multiRef ids and hrefs reach across the tree; attributes in the Body become `attributes`
        // (xsi:nil on the Envelope drops the whole tree.)
        if (build || stack.length === 1 || l === 'id' || l === 'href') unhandled();
      }
    }
    let topSchema = top.schema;
    if (build && !objectName && xmlns[envPrefix] && top.local === 'Body' && local !== 'Fault') {
      topSchema = describe(local);
      if (topSchema === undefined) unhandled();
      objectName = local;
    }
    if (top.build && top.text !== undefined) unhandled(); // text beside elements
    const st = step(topSchema, top.schema, local);
    return { local, build, schema: st.schema, kind: st.kind, array: st.array, obj: undefined, text: undefined, ws: '' };
  };

  const close = (frame: Frame): void => {
    const top = stack[stack.length - 1] as Frame;
    if (!frame.build) return;
    if (frame.local === 'Fault' && top.local === 'Body') unhandled();
    let value: unknown;
    if (frame.text !== undefined) value = frame.text;
    else if (frame.obj !== undefined) value = frame.obj;
    else value = frame.kind === 1 ? copy(frame.ws) : null;
    if (!top.build) {
      body = { Body: value };
      return;
    }
    const parent = (top.obj ??= {});
    const had = parent[frame.local];
    if (frame.array) {
      if (!had) parent[frame.local] = [value];
      else (had as unknown[]).push(value);
    } else if (frame.local in parent) {
      if (Array.isArray(had)) had.push(value);
      else parent[frame.local] = [had, value];
    } else parent[frame.local] = value;
  };

  const text = (raw: string): void => {
    const top = stack[stack.length - 1] as Frame;
    if (!top.build) return;
    const decoded = decode(raw);
    const trimmed = decoded.trim();
    if (trimmed.length === 0) {
      top.ws += decoded;
      return;
    }
    if (top.obj !== undefined || top.text !== undefined) unhandled();
    top.text = copy(top.kind === 2 ? trimmed : decoded);
  };

  let pos = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = xml.length;
  while (pos < n) {
    const lt = xml.indexOf('<', pos);
    const end = lt < 0 ? n : lt;
    if (end > pos && stack.length > 1) text(xml.slice(pos, end));
    if (lt < 0) break;
    const next = xml.charCodeAt(lt + 1);
    if (next === 33 /* ! */ || next === 63 /* ? */) {
      // Comments, CDATA, processing instructions: fine around the Body, left to sax inside it.
      if ((stack[stack.length - 1] as Frame).build) unhandled();
      const closer = xml.startsWith('<!--', lt) ? '-->' : xml.startsWith('<![CDATA[', lt) ? ']]>' : next === 63 ? '?>' : '>';
      const e = xml.indexOf(closer, lt + 2);
      if (e < 0) unhandled();
      pos = e + closer.length;
      continue;
    }
    if (next === 47 /* / */) {
      const e = xml.indexOf('>', lt + 2);
      if (e < 0 || stack.length < 2) unhandled();
      close(stack.pop() as Frame);
      pos = e + 1;
      continue;
    }
    OPEN.lastIndex = lt;
    const m = OPEN.exec(xml);
    if (!m) return unhandled();
    pos = OPEN.lastIndex;
    const frame = open(m[1] ?? '', m[2] ?? '');
    if (m[3] === '/') close(frame);
    else stack.push(frame);
  }
  if (stack.length !== 1 || body === undefined) unhandled();
  return body as { Body: unknown };
}
