// A loopback IPS stand-in whose job log never ends: every getJobLogDetails page is full,
// whatever page is asked for (for the `ips-jobs log` bounds tests).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const NS = 'http://www.scene7.com/IpsApi/xsd/2014-04-03';
const wrap = (op: string, inner: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><${op}Return xmlns="${NS}">${inner}</${op}Return></soapenv:Body></soapenv:Envelope>`;

export interface Pager {
  url: string;
  /** Pages served so far. */
  pages(): number;
  close(): Promise<void>;
}

/** `claimTotal`: the detailTotalRows every page states (none: the log never says). `delayMs`: per answer. */
export async function startEndlessPager(opts: { claimTotal?: number; delayMs?: number } = {}): Promise<Pager> {
  const pageCache = new Map<number, string>();
  const page = (n: number): string => {
    let xml = pageCache.get(n);
    if (!xml) {
      const rows: string[] = [];
      for (let i = 0; i < n; i++)
        rows.push(
          `<items><logMessage>row ${i} of a log that never ends</logMessage><logType>UploadSuccess</logType><dateCreated>2026-11-30T10:00:00Z</dateCreated><assetName>asset-${i}</assetName></items>`,
        );
      const total = opts.claimTotal !== undefined ? `<detailTotalRows>${opts.claimTotal}</detailTotalRows>` : '';
      xml = wrap(
        'getJobLogDetails',
        `<jobLogArray><items><companyHandle>c|1</companyHandle><jobHandle>j|1</jobHandle><jobName>endless</jobName><originalJobName>endless</originalJobName><fileSuccessCount>0</fileSuccessCount><fatalError>false</fatalError>${total}<detailArray>${rows.join('')}</detailArray></items></jobLogArray>`,
      );
      pageCache.set(n, xml);
    }
    return xml;
  };
  let served = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const action = String(req.headers.soapaction ?? '');
      let xml: string;
      if (action.includes('getJobLogDetails')) {
        served++;
        const n = Number(/<(?:\w+:)?recordsPerPage>(\d+)</.exec(body)?.[1] ?? 1000);
        xml = page(Math.min(n, 5000));
      } else if (action.includes('getCompanyMembership')) {
        xml = wrap(
          'getCompanyMembership',
          '<membershipArray><items><company><companyHandle>c|1</companyHandle><name>Endless Co</name></company><isActive>true</isActive></items></membershipArray>',
        );
      } else {
        res.writeHead(500, { 'Content-Type': 'text/plain' }).end('not here');
        return;
      }
      const send = () => res.writeHead(200, { 'Content-Type': 'text/xml;charset=UTF-8' }).end(xml);
      if (opts.delayMs) setTimeout(send, opts.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/scene7/services/IpsApiService`,
    pages: () => served,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
