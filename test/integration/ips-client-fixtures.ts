// Small raw node:http servers on 127.0.0.1 for the IPS client tests: each test decides
// exactly which bytes come back, so malformed and edge-case answers can be exercised.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  headers: http.IncomingHttpHeaders;
  body: string;
  /** The operation from the SOAPAction header, quotes removed. */
  action: string;
}

export type Handler = (req: SeenRequest, res: http.ServerResponse, raw: http.IncomingMessage) => void;

export interface RawServer {
  url: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

export const SERVICE_PATH = '/scene7/services/IpsApiService';

export async function rawServer(handler: Handler): Promise<RawServer> {
  const requests: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen: SeenRequest = {
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        action: String(req.headers.soapaction ?? '').replace(/"/g, ''),
      };
      requests.push(seen);
      handler(seen, res, req);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${SERVICE_PATH}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const IPS_NS = 'http://www.scene7.com/IpsApi/xsd/2014-04-03';
export const S7_NS = 'http://www.scene7.com/IpsApi/xsd';

export function envelope(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Header/><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;
}

/** `<opReturn xmlns=…>inner</opReturn>` in a SOAP envelope (default namespace style). */
export function ret(op: string, inner: string): string {
  return envelope(`<${op}Return xmlns="${IPS_NS}">${inner}</${op}Return>`);
}

/** Same, with an `ns1:` prefix on every element of the return. */
export function retPrefixed(op: string, inner: string): string {
  const prefixed = inner.replace(/<(\/?)([A-Za-z_][\w]*)([\s/>])/g, '<$1ns1:$2$3');
  return envelope(`<ns1:${op}Return xmlns:ns1="${IPS_NS}">${prefixed}</ns1:${op}Return>`);
}

export function fault(element: 'authenticationFault' | 'authorizationFault' | 'ipsApiFault', code: number, reason: string): string {
  const faultstring = { authenticationFault: 'AuthenticationException', authorizationFault: 'AuthorizationException', ipsApiFault: 'IpsApiException' }[element];
  return envelope(
    `<soapenv:Fault><faultcode>soapenv:Client</faultcode><faultstring>${faultstring}</faultstring><detail><s7:${element} xmlns:s7="${S7_NS}"><s7:code>${code}</s7:code><s7:reason>${reason}</s7:reason></s7:${element}></detail></soapenv:Fault>`,
  );
}

export function send(res: http.ServerResponse, body: string | Buffer, status = 200, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/xml;charset=UTF-8', ...headers });
  res.end(body);
}

/** A server answering every request with the same body. */
export function fixed(body: string, status = 200, headers: Record<string, string> = {}): Promise<RawServer> {
  return rawServer((_req, res) => send(res, body, status, headers));
}
