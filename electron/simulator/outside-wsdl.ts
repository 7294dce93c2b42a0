// Operations the reduced WSDL does not carry (getProperty, getFolderTree), answered before
// the soap package sees the request: the authHeader read by local name (either namespace,
// or HTTP Basic), the answer in the request's SOAP version, a fault with the authHeader's
// faultHttpStatusCode (else HTTP 500).
import { authenticate, readAuthHeader } from './auth.ts';
import { parseSmallXml } from './small-xml.ts';
import { SoapFault, faultXml } from './soap-fault.ts';
import type { SimUser } from './types.ts';
import type { World } from './world.ts';
import { NS_SOAP11, NS_SOAP12 } from './xml.ts';

export interface BareAnswer {
  status: number;
  body: string;
  soap12: boolean;
}

/**
 * The answer to a request whose body is a `param` element, or undefined when it is another
 * operation. `answer` gets the authenticated user and the param element's inner XML and
 * returns the …Return element (or throws a SoapFault).
 */
export function answerOutsideWsdl(
  world: World,
  xml: string,
  authorization: string | undefined,
  param: string,
  answer: (user: SimUser, paramXml: string) => string,
): BareAnswer | undefined {
  if (!new RegExp(`<(?:[\\w.-]+:)?${param}[\\s/>]`).test(xml)) return undefined;
  const soap12 = xml.includes(NS_SOAP12);
  const env = (inner: string): string =>
    `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="${soap12 ? NS_SOAP12 : NS_SOAP11}"><soap:Body>${inner}</soap:Body></soap:Envelope>`;
  let status = 500;
  try {
    const authXml = /<(?:[\w.-]+:)?authHeader[\s>][\s\S]*?<\/(?:[\w.-]+:)?authHeader>/.exec(xml)?.[0];
    const doc = authXml
      ? parseSmallXml(authXml.replace(/^<([\w.-]+:)?authHeader/, '<authHeader xmlns="x"').replace(/<\/([\w.-]+:)?authHeader>$/, '</authHeader>'))
      : undefined;
    const auth = readAuthHeader(doc ? { authHeader: doc.value } : undefined, authorization);
    if (auth.faultHttpStatusCode !== undefined) status = auth.faultHttpStatusCode;
    const user = authenticate(world, auth);
    const inner = new RegExp(`<(?:[\\w.-]+:)?${param}[\\s>]([\\s\\S]*?)</(?:[\\w.-]+:)?${param}>`).exec(xml)?.[1] ?? '';
    return { status: 200, soap12, body: env(answer(user, inner)) };
  } catch (err) {
    const f = err instanceof SoapFault ? err : new SoapFault('ipsApiFault', 30000, err instanceof Error ? err.message : String(err));
    return { status, soap12, body: env(faultXml(f, soap12)) };
  }
}

/** A child's trimmed text in a parameter element's inner XML. */
export function fieldOf(paramXml: string, name: string): string | undefined {
  return new RegExp(`<(?:[\\w.-]+:)?${name}>([^<]*)</(?:[\\w.-]+:)?${name}>`).exec(paramXml)?.[1]?.trim();
}
