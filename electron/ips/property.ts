// getProperty: server properties such as UploadPostMaxFileSize (the largest file the
// UploadFile servlet accepts; docs/ips-api/real-world.md). The operation exists in the
// real WSDL but not in the reduced one this project serves to the soap package, so this is
// one plain document/literal SOAP call of its own.
import { IpsFaultError, type IpsError } from './errors.ts';
import { AUTH_NS, IPS_NS, authHeaderChildren, escXml, faultError, findFault, request, unescXml, unexpectedAnswer, type Credentials } from './servlet.ts';

export const UPLOAD_MAX_FILE_SIZE_PROPERTY = 'UploadPostMaxFileSize';

export interface PropertyQuery extends Credentials {
  serviceUrl: string;
  name: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export function getPropertyEnvelope(q: Pick<PropertyQuery, 'user' | 'password' | 'locale' | 'appName' | 'appVersion' | 'name'>): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:s7="${AUTH_NS}" xmlns:ips="${IPS_NS}">` +
    `<soapenv:Header><s7:authHeader>${authHeaderChildren(q, 's7:')}</s7:authHeader></soapenv:Header>` +
    `<soapenv:Body><ips:getPropertyParam><ips:name>${escXml(q.name)}</ips:name></ips:getPropertyParam></soapenv:Body></soapenv:Envelope>`
  );
}

/** The property's value as text; rejects with an IpsError (fault, network, malformed). */
export async function getProperty(q: PropertyQuery): Promise<string> {
  const body = Buffer.from(getPropertyEnvelope(q), 'utf8');
  const a = await request({
    url: q.serviceUrl,
    method: 'POST',
    headers: {
      'Content-Type': 'text/xml; charset=utf-8',
      SOAPAction: '"getProperty"',
      'Content-Length': body.length,
      'User-Agent': `${q.appName ?? 'IPS Jobs'}/${q.appVersion ?? '0.1.0'}`,
    },
    timeoutMs: q.timeoutMs ?? 30_000,
    operation: 'getProperty',
    writeBody: async (req) => {
      req.write(body);
    },
    ...(q.signal ? { signal: q.signal } : {}),
  });
  const fault = findFault(a.text);
  if (fault) throw faultError(fault, 'getProperty', a.status, [q.password]);
  const m = /<(?:[\w.-]+:)?getPropertyReturn[^>]*>[\s\S]*?<(?:[\w.-]+:)?value>([\s\S]*?)<\/(?:[\w.-]+:)?value>/.exec(a.text);
  if (a.status < 200 || a.status > 299 || !m) throw unexpectedAnswer(a, 'getProperty', 'a getPropertyReturn');
  return unescXml(m[1] ?? '').trim();
}

/**
 * The largest accepted upload in bytes, or undefined when the server does not say (an older
 * server without getProperty, or no such property): then the servlet itself is the judge.
 * Sign-in, permission and network failures are passed on: they would fail the upload too.
 */
export async function getUploadMaxFileSize(q: Omit<PropertyQuery, 'name'>): Promise<number | undefined> {
  let text: string;
  try {
    text = await getProperty({ ...q, name: UPLOAD_MAX_FILE_SIZE_PROPERTY });
  } catch (err) {
    const e = err as IpsError;
    // The server was reached but has no answer for it: let the servlet judge.
    if (e instanceof IpsFaultError || e.kind === 'malformed' || (e.kind === 'network' && e.httpStatus !== undefined)) return undefined;
    throw e;
  }
  const n = Number(text);
  return /^\d+$/.test(text) && Number.isSafeInteger(n) && n > 0 ? n : undefined;
}
