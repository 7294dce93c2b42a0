// Seeded mutations of recorded valid answers (issue #13 §9): the same seed gives the same
// mutants, byte for byte, on every machine.

/** mulberry32: small, fast, good enough to pick mutations. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const int = (r: Rand, n: number): number => Math.floor(r() * n);
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[int(r, xs.length)] as T;

/** [start, end) of a random element (open tag to its first matching close), if any. */
function elementAt(r: Rand, xml: string): [number, number, string] | undefined {
  const opens = [...xml.matchAll(/<([A-Za-z_][\w.:-]*)[^>]*?(\/?)>/g)];
  if (opens.length === 0) return undefined;
  for (let tries = 0; tries < 8; tries++) {
    const m = pick(r, opens);
    const start = m.index ?? 0;
    const name = m[1] ?? '';
    if (m[2] === '/') return [start, start + m[0].length, name];
    const close = xml.indexOf(`</${name}>`, start);
    if (close > start) return [start, close + name.length + 3, name];
  }
  return undefined;
}

const ENTITIES = ['&amp;', '&lt;', '&#0;', '&#x110000;', '&nbsp;', '&undefined;', '&#65;', '&', '&#x;', '&lol;'];
const JUNK = [
  '<',
  '>',
  ']]>',
  '<!--',
  '<![CDATA[',
  '<?pi x?>',
  '<!DOCTYPE x>',
  '</',
  '<a',
  '"',
  "'",
  '\u0000',
  '\uFFFD',
  '<x:y:z/>',
  '<__proto__/>',
  ' id="__proto__"',
];

export const MUTATIONS: Record<string, (r: Rand, xml: string) => string> = {
  truncate: (r, x) => x.slice(0, int(r, x.length)),
  flipBytes: (r, x) => {
    const b = Buffer.from(x, 'utf8');
    const n = 1 + int(r, 4);
    for (let i = 0; i < n && b.length > 0; i++) {
      const at = int(r, b.length);
      b[at] = (b[at] ?? 0) ^ (1 << int(r, 8));
    }
    return b.toString('utf8');
  },
  duplicateElement: (r, x) => {
    const e = elementAt(r, x);
    return e ? x.slice(0, e[1]) + x.slice(e[0], e[1]) + x.slice(e[1]) : x;
  },
  deleteElement: (r, x) => {
    const e = elementAt(r, x);
    return e ? x.slice(0, e[0]) + x.slice(e[1]) : x;
  },
  swapTags: (r, x) => {
    const names = [...new Set([...x.matchAll(/<\/?([A-Za-z_][\w.:-]*)/g)].map((m) => m[1] ?? ''))];
    if (names.length < 2) return x;
    const a = pick(r, names);
    const b = pick(r, names);
    // Only the first occurrence of an opening tag: leaves its close unmatched, or swaps a pair.
    return r() < 0.5 ? x.replace(`<${a}`, `<${b}`) : x.replaceAll(`<${a}>`, '\u0001').replaceAll(`<${b}>`, `<${a}>`).replaceAll('\u0001', `<${b}>`);
  },
  renameElement: (r, x) => {
    const e = elementAt(r, x);
    if (!e) return x;
    const to = pick(r, ['items', 'item', 'Fault', 'Body', 'Envelope', 'jobArray', 'constructor', 'x', 'getActiveJobsReturn', 'ns9:items']);
    return x.slice(0, e[0]) + x.slice(e[0], e[1]).replaceAll(e[2], to) + x.slice(e[1]);
  },
  insertEntity: (r, x) => {
    const texts = [...x.matchAll(/>([^<]+)</g)];
    const at = texts.length > 0 ? (pick(r, texts).index ?? 0) + 1 : int(r, x.length);
    return x.slice(0, at) + pick(r, ENTITIES) + x.slice(at);
  },
  insertJunk: (r, x) => {
    const at = int(r, x.length);
    return x.slice(0, at) + pick(r, JUNK) + x.slice(at);
  },
  numbersToText: (r, x) => {
    const nums = [...x.matchAll(/>(-?\d+(\.\d+)?)</g)];
    if (nums.length === 0) return x;
    const m = pick(r, nums);
    const at = (m.index ?? 0) + 1;
    return x.slice(0, at) + pick(r, ['abc', 'NaN', '1e999', '-', '０１', '12,5', 'true', '']) + x.slice(at + (m[1]?.length ?? 0));
  },
  textToNesting: (r, x) => {
    const texts = [...x.matchAll(/>([^<]+)</g)];
    if (texts.length === 0) return x;
    const m = pick(r, texts);
    const at = (m.index ?? 0) + 1;
    const depth = 1 + int(r, 120);
    return `${x.slice(0, at)}${'<n>'.repeat(depth)}${m[1]}${'</n>'.repeat(depth)}${x.slice(at + (m[1]?.length ?? 0))}`;
  },
  attributes: (r, x) => {
    const e = elementAt(r, x);
    if (!e) return x;
    const attr = pick(r, [
      ' xsi:nil="true" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
      ' id="ref1"',
      ' href="#ref1"',
      ' a="1" a="2"',
      ' xmlns=""',
      ' x="<>"',
      ' id="toString"',
    ]);
    const insertAt = e[0] + 1 + e[2].length;
    return x.slice(0, insertAt) + attr + x.slice(insertAt);
  },
};

export interface MutantCase {
  op: string;
  kinds: string[];
  body: string;
}

/** `count` mutants of the recorded answers (op → body), 1–3 mutations each. */
export function mutants(recorded: Map<string, string>, count: number, seed: number): MutantCase[] {
  const r = rng(seed);
  const ops = [...recorded.keys()].sort();
  const kinds = Object.keys(MUTATIONS);
  const out: MutantCase[] = [];
  for (let i = 0; i < count; i++) {
    const op = ops[i % ops.length] as string;
    let body = recorded.get(op) ?? '';
    const applied: string[] = [];
    const n = 1 + (r() < 0.7 ? 0 : int(r, 3));
    for (let k = 0; k < n; k++) {
      const kind = pick(r, kinds);
      applied.push(kind);
      body = (MUTATIONS[kind] as (r: Rand, x: string) => string)(r, body);
    }
    out.push({ op, kinds: applied, body });
  }
  return out;
}
