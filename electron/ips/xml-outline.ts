// One cheap pass over an answer's raw text before any parser sees it (./answer.ts).
//
// It finds what would hurt the parser or the process, and the shape the client checks:
// - a DTD (<!DOCTYPE, <!ENTITY): SOAP forbids them; refusing them ends billion-laughs
//   bombs and external entities (file:///etc/passwd) before they exist;
// - element or attribute names, and id/href values, that are Object.prototype keys
//   (__proto__, constructor, toString, …): soap's multiRef table is a plain object, so
//   id="__proto__" would write into Object.prototype and break every later parse;
// - nesting deeper than MAX_DEPTH (IPS answers nest about 12 deep);
// - text cut off, tags that do not match, more than one root;
// - the root's and the Body's children's local names (Body must hold one element);
// - a SOAP Fault, read here into a small plain tree (bounded depth, size and text), so a
//   fault with a 100,000-deep detail is still a fault and never reaches soap's parser.
// It does not validate XML fully: whatever it lets through, sax (under soap) still parses.

import { unescXml } from '../../shared/xml-text.ts';

export const MAX_DEPTH = 64;
const FAULT_DEPTH = 12;
const FAULT_NODES = 2000;
const FAULT_TEXT = 8192;

export type FaultValue = string | FaultTree | FaultValue[];
export interface FaultTree {
  [name: string]: FaultValue;
}

export interface Outline {
  /** Why this is not a document the client reads, as words after "with" ("a DTD, …"). */
  problem?: string;
  /** Local name of the root element. */
  root?: string;
  /** Whether the root holds a Body element. */
  hasBody: boolean;
  /** Local names of the Body's child elements, in order. */
  bodyChildren: string[];
  /** The Body's Fault element as a plain tree (local names as keys), when it holds one. */
  fault?: FaultTree;
}

const OPEN = /<([^\s/>!?][^\s/>]*)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
const ATTR = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function localName(qname: string): string {
  const i = qname.indexOf(':');
  return i >= 0 ? qname.slice(i + 1) : qname;
}

/** A key that, used on a plain object, reaches Object.prototype. */
export function isPrototypeKey(name: string): boolean {
  return name === 'prototype' || Object.hasOwn(Object.prototype, name);
}

/**
 * XML's predefined and numeric entities decoded, others left as they are (the one decoder
 * of shared/xml-text.ts; lenient about case, so an id written &#X5F;_proto__ is caught too).
 */
export function decodeEntities(text: string): string {
  return text.includes('&') ? unescXml(text) : text;
}

function badAttributes(attrs: string): string | undefined {
  ATTR.lastIndex = 0;
  for (let m = ATTR.exec(attrs); m; m = ATTR.exec(attrs)) {
    const name = m[1] ?? '';
    const local = localName(name);
    if (isPrototypeKey(name) || isPrototypeKey(local)) return `an attribute named ${local}`;
    if (local === 'id' || local === 'href') {
      let v = decodeEntities(m[2] ?? m[3] ?? '').trim();
      if (v.startsWith('#')) v = v.slice(1);
      if (isPrototypeKey(v)) return `an id or href named ${v}`;
    }
  }
  return undefined;
}

interface FaultNode {
  name: string;
  tree: FaultTree | undefined;
  text: string;
}

function put(parent: FaultTree, name: string, value: FaultValue): void {
  const had = parent[name];
  if (had === undefined) parent[name] = value;
  else if (Array.isArray(had)) had.push(value);
  else parent[name] = [had, value];
}

export function outlineXml(xml: string): Outline {
  const out: Outline = { hasBody: false, bodyChildren: [] };
  const stack: string[] = [];
  let inBody = false;
  let bodies = 0;
  // The Fault being read: its nodes (null = pruned, too deep or too many), and its depth.
  let faultStack: Array<FaultNode | null> | undefined;
  let faultBase = 0;
  let faultNodes = 0;
  const stop = (problem: string): Outline => {
    out.problem = problem;
    delete out.fault;
    return out;
  };
  const addText = (text: string): void => {
    const node = faultStack?.at(-1);
    if (node && node.text.length < FAULT_TEXT) node.text = (node.text + text).slice(0, FAULT_TEXT);
  };
  const close = (local: string): void => {
    const depth = stack.length; // after the pop: the closed element's depth
    if (faultStack) {
      const node = faultStack.pop();
      let value: FaultValue | undefined;
      if (node) {
        const text = node.text;
        if (node.tree) {
          if (text.trim() !== '') node.tree.$value = text;
          value = node.tree;
        } else value = text;
      }
      const parent = faultStack.at(-1);
      if (value !== undefined && parent) {
        parent.tree ??= {};
        put(parent.tree, node?.name ?? local, value);
      }
      if (faultStack.length === 0) {
        out.fault = typeof value === 'object' && !Array.isArray(value) ? value : { $value: typeof value === 'string' ? value : '' };
        faultStack = undefined;
      }
    }
    if (depth === 1 && local === 'Body') inBody = false;
  };

  let pos = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = xml.length;
  while (pos < n) {
    const lt = xml.indexOf('<', pos);
    const end = lt < 0 ? n : lt;
    if (end > pos) {
      if (stack.length === 0) {
        if (/\S/.test(xml.slice(pos, end))) return stop(out.root === undefined ? 'text that is not XML' : 'text after the end of the document');
      } else if (faultStack) addText(decodeEntities(xml.slice(pos, end)));
    }
    if (lt < 0) break;
    if (xml.startsWith('<!--', lt)) {
      const e = xml.indexOf('-->', lt + 4);
      if (e < 0) return stop('XML that is cut off (in a comment)');
      pos = e + 3;
      continue;
    }
    if (xml.startsWith('<![CDATA[', lt)) {
      const e = xml.indexOf(']]>', lt + 9);
      if (e < 0) return stop('XML that is cut off (in a CDATA section)');
      if (stack.length === 0) return stop('text outside the root element');
      if (faultStack) addText(xml.slice(lt + 9, e));
      pos = e + 3;
      continue;
    }
    if (xml.startsWith('<?', lt)) {
      const e = xml.indexOf('?>', lt + 2);
      if (e < 0) return stop('XML that is cut off');
      pos = e + 2;
      continue;
    }
    if (xml.startsWith('<!', lt)) return stop('a DTD or entity declaration, which SOAP does not allow');
    if (xml.charCodeAt(lt + 1) === 47 /* / */) {
      const e = xml.indexOf('>', lt + 2);
      if (e < 0) return stop('XML that is cut off');
      const qname = xml.slice(lt + 2, e).trim();
      const open = stack.pop();
      if (open === undefined) return stop('a closing tag without an opening one');
      if (open !== qname) return stop(`mismatched tags (<${localName(open).slice(0, 40)}> closed by </${localName(qname).slice(0, 40)}>)`);
      close(localName(qname));
      pos = e + 1;
      continue;
    }
    OPEN.lastIndex = lt;
    const m = OPEN.exec(xml);
    if (!m) return stop(xml.indexOf('>', lt) < 0 ? 'XML that is cut off' : 'an invalid tag');
    pos = OPEN.lastIndex;
    const qname = m[1] ?? '';
    const local = localName(qname);
    const depth = stack.length;
    if (depth === 0 && out.root !== undefined) return stop('more than one root element');
    if (isPrototypeKey(qname) || isPrototypeKey(local)) return stop(`an element named ${local}`);
    if (m[2]) {
      const bad = badAttributes(m[2]);
      if (bad) return stop(bad);
    }
    if (depth + 1 > MAX_DEPTH && !faultStack) return stop(`elements nested more than ${MAX_DEPTH} levels deep`);
    if (depth === 0) out.root = local;
    else if (depth === 1 && local === 'Body') {
      bodies++;
      if (bodies > 1) return stop('two SOAP Body elements');
      out.hasBody = true;
      inBody = true;
    } else if (depth === 2 && inBody) {
      out.bodyChildren.push(local);
      if (local === 'Fault' && out.bodyChildren.length === 1) {
        faultStack = [];
        faultBase = depth;
        faultNodes = 0;
      }
    }
    if (faultStack) {
      const keep = depth - faultBase <= FAULT_DEPTH && faultNodes < FAULT_NODES && (faultStack.length === 0 || faultStack.at(-1) !== null);
      if (keep) faultNodes++;
      faultStack.push(keep ? { name: local, tree: undefined, text: '' } : null);
    }
    if (m[3] === '/') close(local);
    else stack.push(qname);
  }
  if (stack.length > 0) return stop('XML that is cut off');
  if (out.root === undefined) return stop(xml.trim() === '' ? 'an empty body' : 'text that is not XML');
  return out;
}
