// getFolderTree: a company's folders, for the window's destination picker. Like getProperty
// (property.ts) the operation exists in the real WSDL but not in the reduced one this
// project serves to the soap package, so this is one plain document/literal SOAP call.
// Folder paths end in '/' (real-world.md); the answer's nested subfolderArray items are
// flattened into a sorted list of paths.
import { escXml, soapCall, soapEnvelope, unescXml, unexpectedAnswer, type SoapCallTarget } from './servlet.ts';

export interface FolderQuery extends SoapCallTarget {
  companyHandle: string;
  /** Levels below the root (default 8). */
  depth?: number;
}

export function getFolderTreeEnvelope(q: Omit<FolderQuery, 'serviceUrl' | 'timeoutMs' | 'signal'>): string {
  return soapEnvelope(q, 'getFolderTree', `<ips:companyHandle>${escXml(q.companyHandle)}</ips:companyHandle><ips:depth>${q.depth ?? 8}</ips:depth>`);
}

/** The company's folder paths (each ending in '/'), sorted; rejects with an IpsError. */
export async function listFolders(q: FolderQuery): Promise<string[]> {
  const a = await soapCall(q, 'getFolderTree', getFolderTreeEnvelope(q));
  if (a.status < 200 || a.status > 299 || !/<(?:[\w.-]+:)?getFolderTreeReturn[\s>]/.test(a.text))
    throw unexpectedAnswer(a, 'getFolderTree', 'a getFolderTreeReturn');
  const out = new Set<string>();
  for (const m of a.text.matchAll(/<(?:[\w.-]+:)?path>([^<]*)<\/(?:[\w.-]+:)?path>/g)) {
    const p = unescXml(m[1] ?? '').trim();
    if (p) out.add(p.endsWith('/') ? p : `${p}/`);
  }
  return [...out].sort();
}
