// XML text decoding: the five named entities and numeric character references, in one pass.
// Used by the IPS client's servlet answers (electron/ips/servlet.ts) and the simulator's
// small XML reader (electron/simulator/small-xml.ts). A reference outside Unicode
// (e.g. &#x110000;) is left as written instead of throwing.

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function unescXml(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (m, e: string) => {
    const k = e.toLowerCase();
    const named = NAMED[k];
    if (named !== undefined) return named;
    const code = k.startsWith('#x') ? parseInt(k.slice(2), 16) : parseInt(k.slice(1), 10);
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
}
