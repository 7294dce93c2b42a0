// getProperty: server properties such as UploadPostMaxFileSize (the largest file the
// UploadFile servlet accepts; docs/ips-api/real-world.md). The operation exists in the
// real WSDL but not in the reduced one this project serves to the soap package, so this is
// one plain document/literal SOAP call of its own.
import { IpsFaultError, type IpsError } from './errors.ts';
import { escXml, soapCall, soapEnvelope, unescXml, unexpectedAnswer, type SoapCallTarget } from './servlet.ts';

export const UPLOAD_MAX_FILE_SIZE_PROPERTY = 'UploadPostMaxFileSize';

export interface PropertyQuery extends SoapCallTarget {
  name: string;
}

export function getPropertyEnvelope(q: Pick<PropertyQuery, 'user' | 'password' | 'locale' | 'appName' | 'appVersion' | 'name'>): string {
  return soapEnvelope(q, 'getProperty', `<ips:name>${escXml(q.name)}</ips:name>`);
}

/** The property's value as text; rejects with an IpsError (fault, network, malformed). */
export async function getProperty(q: PropertyQuery): Promise<string> {
  const a = await soapCall(q, 'getProperty', getPropertyEnvelope(q));
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
