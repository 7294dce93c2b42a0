// Helpers for the simulator's integration tests: raw SOAP over fetch, and the soap
// package's client on the shared WSDL.
import { gunzipSync } from 'node:zlib';
import soap from 'soap';
import { WSDL_FILE, type Simulator } from '../../electron/simulator/index.ts';

export const NS = 'http://www.scene7.com/IpsApi/xsd/2014-04-03';
export const S7 = 'http://www.scene7.com/IpsApi/xsd';
export const T0 = Date.parse('2024-05-02T16:00:00.000Z');

export interface RawOptions {
  user?: string | null;
  password?: string;
  /** Namespace of the authHeader (default unversioned). */
  authNs?: string;
  extraAuth?: string;
  soapAction?: string | null;
  headers?: Record<string, string>;
  soap12?: boolean;
}

export interface RawResult {
  status: number;
  text: string;
  headers: Headers;
}

/** POST a hand-written envelope: `inner` is the content of `<ips:${op}Param>`. */
export async function raw(sim: Simulator, op: string, inner = '', o: RawOptions = {}): Promise<RawResult> {
  const user = o.user === undefined ? 'demo@example.com' : o.user;
  const authNs = o.authNs ?? S7;
  const header =
    user === null
      ? ''
      : `<soapenv:Header><a:authHeader xmlns:a="${authNs}"><a:user>${user}</a:user><a:password>${o.password ?? 'demo'}</a:password>${o.extraAuth ?? ''}</a:authHeader></soapenv:Header>`;
  const envNs = o.soap12 ? 'http://www.w3.org/2003/05/soap-envelope' : 'http://schemas.xmlsoap.org/soap/envelope/';
  const body = `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${envNs}" xmlns:ips="${NS}">${header}<soapenv:Body><ips:${op}Param>${inner}</ips:${op}Param></soapenv:Body></soapenv:Envelope>`;
  const headers: Record<string, string> = {
    'Content-Type': o.soap12 ? 'application/soap+xml; charset=UTF-8' : 'text/xml; charset=UTF-8',
    'Accept-Encoding': 'identity',
    ...o.headers,
  };
  if (o.soapAction !== null) headers.SOAPAction = o.soapAction ?? op;
  const res = await fetch(sim.url, { method: 'POST', headers, body });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

/** `<ips:name>value</ips:name>` for each pair. */
export function x(fields: Record<string, string | number | undefined>): string {
  return Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `<ips:${k}>${String(v).replace(/&/g, '&amp;').replace(/</g, '&lt;')}</ips:${k}>`)
    .join('');
}

export function faultOf(text: string): { element: string; code: number; reason: string } | undefined {
  const m = /<(?:\w+:)?(authenticationFault|authorizationFault|ipsApiFault)\b[^>]*>\s*<(?:\w+:)?code>(\d+)<\/(?:\w+:)?code>\s*<(?:\w+:)?reason>([^<]*)</.exec(
    text,
  );
  return m ? { element: m[1] as string, code: Number(m[2]), reason: m[3] as string } : undefined;
}

/** Every text value of elements with this local name, in document order. */
export function all(text: string, name: string): string[] {
  const re = new RegExp(`<(?:\\w+:)?${name}>([^<]*)</(?:\\w+:)?${name}>`, 'g');
  return [...text.matchAll(re)].map((m) => m[1] as string);
}

export function one(text: string, name: string): string | undefined {
  return all(text, name)[0];
}

export function gunzip(buf: ArrayBuffer): string {
  return gunzipSync(Buffer.from(buf)).toString('utf8');
}

// ---------------------------------------------------------------------------

export type Client = soap.Client & Record<string, (args: unknown, opts?: unknown) => Promise<[any, string]>>;

export async function client(sim: Simulator, user = 'demo@example.com', password = 'demo'): Promise<Client> {
  const c = (await soap.createClientAsync(WSDL_FILE)) as Client;
  c.setEndpoint(sim.url);
  c.addSoapHeader({ authHeader: { user, password, appName: 'IPS Jobs tests', appVersion: '0.1.0' } }, '', 's7', S7);
  return c;
}

/** `items` of an array wrapper as parsed by the soap client (absent/null → []). */
export function list<T = any>(wrapper: unknown): T[] {
  if (!wrapper || typeof wrapper !== 'object') return [];
  const it = (wrapper as { items?: T | T[] }).items;
  if (it === undefined || it === null) return [];
  return Array.isArray(it) ? it : [it];
}

/** Fault detail from a soap client rejection. */
export function clientFault(err: any): { element: string; code: number; status: number } {
  const detail = err?.root?.Envelope?.Body?.Fault?.detail ?? {};
  const element = Object.keys(detail)[0] ?? '';
  return { element, code: Number(detail[element]?.code), status: err?.response?.status };
}
