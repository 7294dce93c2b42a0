// HTTP side of the UploadFile servlet and its simulator-only companions: the POST handler
// (streamed, with the fault controller's rules: a `drop` cuts the connection half-way
// through the body), the inspect endpoint (what a job received, with sha256), and the
// getProperty SOAP operation (UploadPostMaxFileSize), which the reduced WSDL does not carry.
import type http from 'node:http';
import type { FaultController } from './faults.ts';
import { answerOutsideWsdl, fieldOf, type BareAnswer } from './outside-wsdl.ts';
import { SoapFault, faultXml, type IpsService } from './service.ts';
import { answerUpload, receivedFiles, streamMultipart, uploadServlet } from './upload.ts';
import type { World } from './world.ts';
import { NS_DEFAULT, esc } from './xml.ts';

export interface ServletContext {
  world: World;
  service: IpsService;
  faults: FaultController;
  /** Responses left hanging by a `hang` rule (closed with the simulator). */
  hanging: Set<http.ServerResponse>;
  timers: Set<ReturnType<typeof setTimeout>>;
  log: boolean;
}

function sendText(res: http.ServerResponse, status: number, body: string, contentType: string, close = false): void {
  const buf = Buffer.from(body, 'utf8');
  res.statusCode = status;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', buf.length);
  if (close) res.setHeader('Connection', 'close');
  res.end(buf);
}

function wait(ctx: ServletContext, ms: number): Promise<void> {
  return new Promise((r) => {
    const t = setTimeout(() => {
      ctx.timers.delete(t);
      r();
    }, ms);
    ctx.timers.add(t);
  });
}

/** POST /scene7/UploadFile. */
export async function handleUploadPost(ctx: ServletContext, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const started = Date.now();
  const op = 'UploadFile';
  const lat = ctx.faults.latencyFor(op);
  const rule = ctx.faults.take(op);
  if (lat > 0) await wait(ctx, lat);
  if (rule?.kind === 'hang') {
    ctx.hanging.add(res);
    res.on('close', () => ctx.hanging.delete(res));
    req.resume();
    return;
  }
  if (rule?.kind === 'http' || rule?.kind === 'soapFault' || rule?.kind === 'malformed') {
    req.resume();
    await new Promise<void>((r) => (req.complete ? r() : req.once('end', () => r()).once('close', () => r())));
    if (rule.kind === 'http') sendText(res, rule.status, rule.body, rule.contentType);
    else if (rule.kind === 'soapFault')
      sendText(
        res,
        rule.status,
        `<?xml version="1.0" encoding="UTF-8"?>${faultXml(rule, false).replace(/^.*<detail>|<\/detail>.*$/g, '')}`,
        'text/xml;charset=UTF-8',
      );
    else sendText(res, 200, '<?xml version="1.0" encoding="UTF-8"?><uploadPostReturn><jobHandle>', 'text/xml;charset=UTF-8');
    return;
  }
  const length = Number(req.headers['content-length'] ?? NaN);
  const dropAt = rule?.kind === 'drop' ? (Number.isFinite(length) && length > 2 ? Math.floor(length / 2) : 1) : undefined;
  let body;
  try {
    body = await streamMultipart(
      req,
      uploadServlet(ctx.world).maxFileSize,
      dropAt === undefined
        ? undefined
        : (n) => {
            if (n >= dropAt) req.socket.destroy();
          },
    );
  } catch (err) {
    const f = err instanceof SoapFault ? err : new SoapFault('ipsApiFault', 30003, 'The request could not be read');
    req.resume();
    sendText(
      res,
      500,
      `<?xml version="1.0" encoding="UTF-8"?><s7:${f.element} xmlns:s7="http://www.scene7.com/IpsApi/xsd"><s7:code>${f.code}</s7:code><s7:reason>${esc(f.reason)}</s7:reason></s7:${f.element}>`,
      'text/xml;charset=utf-8',
      true,
    );
    return;
  }
  if (!body || res.destroyed) {
    if (ctx.log) process.stderr.write(`[ips-sim] UploadFile dropped ${Date.now() - started}ms\n`);
    return;
  }
  const answer = answerUpload(ctx.world, ctx.service, body, req.socket.remoteAddress ?? '');
  const text = rule?.kind === 'truncated' ? answer.body.slice(0, Math.floor(answer.body.length / 2)) : answer.body;
  sendText(res, answer.status, text, 'text/xml;charset=utf-8');
  if (ctx.log) process.stderr.write(`[ips-sim] UploadFile ${answer.status} ${Date.now() - started}ms\n`);
}

/** GET /scene7/_sim/uploads?jobHandle=… → {jobHandle, files: [{path, bytes, sha256, posts, resent?}]}. */
export function handleUploadInspect(ctx: ServletContext, url: URL, res: http.ServerResponse): void {
  const jobHandle = url.searchParams.get('jobHandle') ?? '';
  const files = receivedFiles(ctx.world, jobHandle);
  if (!files) {
    sendText(res, 404, JSON.stringify({ error: `No upload job '${jobHandle}'` }), 'application/json');
    return;
  }
  sendText(res, 200, JSON.stringify({ jobHandle, maxFileSize: uploadServlet(ctx.world).maxFileSize, files }), 'application/json');
}

/**
 * getProperty (real IPS; absent from the reduced WSDL): answers UploadPostMaxFileSize.
 * Returns the status and SOAP body, or undefined when the request is not getProperty.
 */
export function answerGetProperty(ctx: ServletContext, xml: string, authorization?: string): BareAnswer | undefined {
  return answerOutsideWsdl(ctx.world, xml, authorization, 'getPropertyParam', (_user, param) => {
    const name = fieldOf(param, 'name');
    if (!name) throw new SoapFault('ipsApiFault', 30002, "Missing required parameter 'name'");
    if (name !== 'UploadPostMaxFileSize') throw new SoapFault('ipsApiFault', 30001, `Unknown property '${name}'`);
    const value = String(uploadServlet(ctx.world).maxFileSize);
    return `<getPropertyReturn xmlns="${NS_DEFAULT}"><value>${value}</value></getPropertyReturn>`;
  });
}
