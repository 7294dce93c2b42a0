// A small XML reader for the UploadFile servlet's two little documents (auth and
// uploadParams) and the getProperty request: elements by local name, text values.
import { unescXml } from '../../shared/xml-text.ts';
import type { XRecord, XValue } from './xml.ts';

/**
 * A small XML reader for the servlet's two little documents: elements by local name,
 * text values, repeated elements as arrays. Attributes, comments and PIs are ignored.
 * Returns the root's local name, its namespace (xmlns) and its content.
 */
export function parseSmallXml(xml: string): { root: string; ns?: string; value: XRecord } | undefined {
  const stack: Array<{ name: string; rec: XRecord; text: string; hasChild: boolean }> = [];
  let result: { root: string; ns?: string; value: XRecord } | undefined;
  const re =
    /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<(\/?)(?:[\w.-]+:)?([\w.-]+)((?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml))) {
    const [, cdata, close, name, attrs, selfClose, text] = m;
    const top = stack[stack.length - 1];
    if (cdata !== undefined) {
      if (top) top.text += cdata;
      continue;
    }
    if (text !== undefined) {
      if (top) top.text += unescXml(text);
      continue;
    }
    if (name === undefined) continue;
    if (close) {
      const node = stack.pop();
      if (!node || node.name !== name) return undefined;
      const value: XValue = node.hasChild ? node.rec : node.text;
      const parent = stack[stack.length - 1];
      if (parent) add(parent, name, value);
      else if (result) result.value = node.rec;
      continue;
    }
    if (!stack.length && !result) {
      const ns = /\sxmlns\s*=\s*["']([^"']*)["']/.exec(attrs ?? '')?.[1] ?? /\sxmlns:[\w.-]+\s*=\s*["']([^"']*)["']/.exec(attrs ?? '')?.[1];
      result = { root: name, ...(ns !== undefined ? { ns } : {}), value: {} };
    }
    if (selfClose) {
      if (top) add(top, name, '');
      continue;
    }
    stack.push({ name, rec: {}, text: '', hasChild: false });
  }
  return stack.length === 0 ? result : undefined;

  function add(parent: { rec: XRecord; hasChild: boolean }, name: string, value: XValue): void {
    parent.hasChild = true;
    const prev = parent.rec[name];
    if (prev === undefined) parent.rec[name] = value;
    else if (Array.isArray(prev)) prev.push(value);
    else parent.rec[name] = [prev, value];
  }
}
