// getFolderTree: a company's folders, for the window's destination picker. Like getProperty
// (property.ts) the operation exists in the real WSDL but not in the reduced one this
// project serves to the soap package, so this is one plain document/literal SOAP call.
// Folder paths end in '/' (real-world.md); the answer's nested subfolderArray items are
// flattened into a sorted list of paths.
import { AUTH_NS, IPS_NS, authHeaderChildren, escXml, faultError, findFault, request, unescXml, unexpectedAnswer, type Credentials } from './servlet.ts';

export interface FolderQuery extends Credentials {
  serviceUrl: string;
  companyHandle: string;
  /** Levels below the root (default 8). */
  depth?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export function getFolderTreeEnvelope(q: Omit<FolderQuery, 'serviceUrl' | 'timeoutMs' | 'signal'>): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:s7="${AUTH_NS}" xmlns:ips="${IPS_NS}">` +
    `<soapenv:Header><s7:authHeader>${authHeaderChildren(q, 's7:')}</s7:authHeader></soapenv:Header>` +
    `<soapenv:Body><ips:getFolderTreeParam><ips:companyHandle>${escXml(q.companyHandle)}</ips:companyHandle><ips:depth>${q.depth ?? 8}</ips:depth></ips:getFolderTreeParam></soapenv:Body></soapenv:Envelope>`
  );
}

/** The company's folder paths (each ending in '/'), sorted; rejects with an IpsError. */
export async function listFolders(q: FolderQuery): Promise<string[]> {
  const body = Buffer.from(getFolderTreeEnvelope(q), 'utf8');
  const a = await request({
    url: q.serviceUrl,
    method: 'POST',
    headers: {
      'Content-Type': 'text/xml; charset=utf-8',
      SOAPAction: '"getFolderTree"',
      'Content-Length': body.length,
      'User-Agent': `${q.appName ?? 'IPS Jobs'}/${q.appVersion ?? '0.1.0'}`,
    },
    timeoutMs: q.timeoutMs ?? 30_000,
    operation: 'getFolderTree',
    writeBody: async (req) => {
      req.write(body);
    },
    ...(q.signal ? { signal: q.signal } : {}),
  });
  const fault = findFault(a.text);
  if (fault) throw faultError(fault, 'getFolderTree', a.status, [q.password]);
  if (a.status < 200 || a.status > 299 || !/<(?:[\w.-]+:)?getFolderTreeReturn[\s>]/.test(a.text))
    throw unexpectedAnswer(a, 'getFolderTree', 'a getFolderTreeReturn');
  const out = new Set<string>();
  for (const m of a.text.matchAll(/<(?:[\w.-]+:)?path>([^<]*)<\/(?:[\w.-]+:)?path>/g)) {
    const p = unescXml(m[1] ?? '').trim();
    if (p) out.add(p.endsWith('/') ? p : `${p}/`);
  }
  return [...out].sort();
}
