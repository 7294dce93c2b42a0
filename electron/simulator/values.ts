// Liberal readers for request values (parsed by envelope.ts, or by the soap package):
// scalars, numbers, booleans, `items` arrays, detail elements as XRecords.
import type { XRecord, XValue } from './xml.ts';

function scalar(v: unknown): unknown {
  if (v && typeof v === 'object' && !Array.isArray(v) && '$value' in (v as Record<string, unknown>)) return (v as Record<string, unknown>).$value;
  return v;
}

export function str(v: unknown): string | undefined {
  const s = scalar(v);
  if (s === undefined || s === null) return undefined;
  if (typeof s === 'string') return s;
  if (typeof s === 'number' || typeof s === 'boolean') return String(s);
  if (s instanceof Date) return s.toISOString();
  return undefined;
}

export function int(v: unknown): number | undefined {
  const s = str(v);
  if (s === undefined || s.trim() === '') return undefined;
  const n = Number(s.trim());
  return Number.isFinite(n) ? Math.trunc(n) : NaN;
}

export function bool(v: unknown): boolean | undefined {
  const s = str(v)?.trim().toLowerCase();
  if (s === undefined || s === '') return undefined;
  return s === 'true' || s === '1';
}

export function strArray(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || v instanceof Date) {
    const s = str(v);
    return s === undefined || s === '' ? [] : [s];
  }
  const o = v as Record<string, unknown>;
  const raw = o.items ?? o.item;
  if (raw === undefined) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((x) => str(x)).filter((x): x is string => x !== undefined);
}

/** A parsed detail element, as an XRecord in document order (attributes dropped). */
export function toRecord(v: unknown): XRecord {
  const out: XRecord = {};
  if (!v || typeof v !== 'object') return out;
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    if (k === 'attributes' || k === '$attributes') continue;
    out[k] = toXValue(val);
  }
  return out;
}

function toXValue(v: unknown): XValue {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return v.map(toXValue);
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'object') {
    if ('$value' in (v as Record<string, unknown>)) return toXValue((v as Record<string, unknown>).$value);
    return toRecord(v);
  }
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return String(v);
}
