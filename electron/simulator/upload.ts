// The UploadFile servlet (../shared/ips-api/upload-post.md): multipart/form-data POSTs
// with an `auth` part, an `uploadParams` part (uploadPostParam) and file parts, that
// together make one upload job (type UploadPost, detail uploadPostJob). Answers a bare
// `uploadPostReturn`, or a bare fault element (no SOAP envelope).
import { SoapFault, readAuthHeader, type IpsService } from './service.ts';
import type { World } from './world.ts';
import { NS_DEFAULT, NS_UNVERSIONED, esc, type XRecord, type XValue } from './xml.ts';

export const UPLOAD_PATH = '/scene7/UploadFile';

interface Part {
  name: string;
  filename?: string;
  data: Buffer;
}

/** Split a buffered multipart/form-data body. Undefined when it is not one. */
export function parseMultipart(body: Buffer, contentType: string): Part[] | undefined {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2]?.trim();
  if (!boundary) return undefined;
  const delim = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let pos = body.indexOf(delim);
  if (pos < 0) return undefined;
  for (;;) {
    pos += delim.length;
    if (body[pos] === 0x2d && body[pos + 1] === 0x2d) break; // closing --
    if (body[pos] === 0x0d && body[pos + 1] === 0x0a) pos += 2;
    const headEnd = body.indexOf('\r\n\r\n', pos);
    if (headEnd < 0) return undefined;
    const head = body.subarray(pos, headEnd).toString('utf8');
    const next = body.indexOf(delim, headEnd + 4);
    if (next < 0) return undefined;
    let end = next;
    if (body[end - 2] === 0x0d && body[end - 1] === 0x0a) end -= 2;
    const disp = /content-disposition:[^\r\n]*/i.exec(head)?.[0] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disp)?.[1] ?? '';
    const filename = /\bfilename="([^"]*)"/i.exec(disp)?.[1];
    parts.push({ name, ...(filename !== undefined ? { filename } : {}), data: body.subarray(headEnd + 4, end) });
    pos = next;
  }
  return parts;
}

function unescapeXml(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (m, e: string) => {
    const map: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    const k = e.toLowerCase();
    if (map[k]) return map[k] as string;
    const code = k.startsWith('#x') ? parseInt(k.slice(2), 16) : parseInt(k.slice(1), 10);
    return Number.isFinite(code) ? String.fromCodePoint(code) : m;
  });
}

/**
 * A small XML reader for the servlet's two little documents: elements by local name,
 * text values, repeated elements as arrays. Attributes, comments and PIs are ignored.
 * Returns the root's local name, its namespace (xmlns) and its content.
 */
export function parseSmallXml(xml: string): { root: string; ns?: string; value: XRecord } | undefined {
  const stack: Array<{ name: string; rec: XRecord; text: string; hasChild: boolean }> = [];
  let result: { root: string; ns?: string; value: XRecord } | undefined;
  const re = /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<(\/?)(?:[\w.-]+:)?([\w.-]+)((?:\s+[^\s=>/]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml))) {
    const [, cdata, close, name, attrs, selfClose, text] = m;
    const top = stack[stack.length - 1];
    if (cdata !== undefined) {
      if (top) top.text += cdata;
      continue;
    }
    if (text !== undefined) {
      if (top) top.text += unescapeXml(text);
      continue;
    }
    if (name === undefined) continue;
    if (close) {
      const node = stack.pop();
      if (!node || node.name !== name) return undefined;
      const value: XValue = node.hasChild ? node.rec : node.text;
      const parent = stack[stack.length - 1];
      if (parent) add(parent, name, value);
      else if (result) result.value = node.rec;
      continue;
    }
    if (!stack.length && !result) {
      const ns = /\sxmlns\s*=\s*["']([^"']*)["']/.exec(attrs ?? '')?.[1] ?? /\sxmlns:[\w.-]+\s*=\s*["']([^"']*)["']/.exec(attrs ?? '')?.[1];
      result = { root: name, ...(ns !== undefined ? { ns } : {}), value: {} };
    }
    if (selfClose) {
      if (top) add(top, name, '');
      continue;
    }
    stack.push({ name, rec: {}, text: '', hasChild: false });
  }
  return stack.length === 0 ? result : undefined;

  function add(parent: { rec: XRecord; hasChild: boolean }, name: string, value: XValue): void {
    parent.hasChild = true;
    const prev = parent.rec[name];
    if (prev === undefined) parent.rec[name] = value;
    else if (Array.isArray(prev)) prev.push(value);
    else parent.rec[name] = [prev, value];
  }
}

const s = (v: XValue | undefined): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);

export interface UploadAnswer {
  status: number;
  body: string;
}

function faultBody(f: SoapFault): string {
  return `<?xml version="1.0" encoding="UTF-8"?><s7:${f.element} xmlns:s7="${NS_UNVERSIONED}"><s7:code>${f.code}</s7:code><s7:reason>${esc(f.reason)}</s7:reason></s7:${f.element}>`;
}

/** Handle one UploadFile POST. */
export function handleUpload(world: World, service: IpsService, body: Buffer, contentType: string, ip: string, authorization?: string): UploadAnswer {
  let faultStatus = 500;
  try {
    world.tick();
    const parts = parseMultipart(body, contentType);
    if (!parts) throw new SoapFault('ipsApiFault', 30003, 'The request is not multipart/form-data');
    const authPart = parts.find((p) => p.name === 'auth');
    const paramsPart = parts.find((p) => p.name === 'uploadParams');
    const authDoc = authPart ? parseSmallXml(authPart.data.toString('utf8')) : undefined;
    if (authPart && (!authDoc || authDoc.root !== 'authHeader')) throw new SoapFault('ipsApiFault', 30003, 'The auth part is not an authHeader document');
    const auth = readAuthHeader(authDoc ? { authHeader: authDoc.value } : undefined, authorization);
    if (auth.faultHttpStatusCode !== undefined) faultStatus = auth.faultHttpStatusCode;
    const user = service.authenticate(auth);
    if (!paramsPart) throw new SoapFault('ipsApiFault', 30002, "Missing the 'uploadParams' part");
    const doc = parseSmallXml(paramsPart.data.toString('utf8'));
    if (!doc || doc.root !== 'uploadPostParam') throw new SoapFault('ipsApiFault', 30003, 'The uploadParams part is not an uploadPostParam document');
    const p = doc.value;
    const ns = doc.ns?.startsWith('http://www.scene7.com/IpsApi/xsd') ? doc.ns : NS_DEFAULT;
    const companyHandle = s(p.companyHandle);
    if (!companyHandle) throw new SoapFault('ipsApiFault', 30002, "Missing required parameter 'companyHandle'");
    service.authorize(user, companyHandle, 'submitJob');
    const company = world.companies.get(companyHandle);
    if (!company) throw new SoapFault('authorizationFault', 20000, `Invalid company '${companyHandle}'`);
    const jobName = s(p.jobName);
    const jobHandle = s(p.jobHandle);
    const destFolderParam = s(p.destFolder);
    const fileName = s(p.fileName);
    const endJob = /^(true|1)$/i.test(s(p.endJob)?.trim() ?? '');
    const files = parts.filter((x) => x !== authPart && x !== paramsPart && x.filename !== undefined);
    const targetNames = (destFolder: string): string[] =>
      files.map((f, i) => {
        const base = fileName && files.length === 1 && i === 0 ? fileName : (f.filename ?? `file-${i + 1}`);
        return `${destFolder}${base.replace(/\\/g, '/')}`;
      });
    let run;
    if (jobHandle) {
      run = world.runByHandle(jobHandle);
      if (!run || run.companyHandle !== companyHandle || !run.upload) throw new SoapFault('ipsApiFault', 30001, `Unknown upload job handle '${jobHandle}'`);
      if (run.upload.ip !== ip) throw new SoapFault('authorizationFault', 20005, 'Every POST of an upload job must come from the same IP address');
      world.snapshot(run); // applies the idle timeout
      if (!run.upload.waiting || run.stopAt !== undefined) throw new SoapFault('ipsApiFault', 30001, `Upload job '${jobHandle}' is no longer accepting files`);
    } else if (jobName) {
      const detail = p.uploadParams && typeof p.uploadParams === 'object' && !Array.isArray(p.uploadParams) ? p.uploadParams : undefined;
      const description = s(p.description);
      run = world.createUploadRun({
        company,
        name: jobName,
        submitUserEmail: user.email,
        locale: s(p.locale) ?? auth.locale ?? 'en-US',
        ...(description !== undefined ? { description } : {}),
        ...(detail ? { detail } : {}),
        ip,
      });
    } else throw new SoapFault('ipsApiFault', 30002, "uploadPostParam needs 'jobName' (first POST) or 'jobHandle'");
    if (!jobHandle && destFolderParam !== undefined && run.upload) run.upload.destFolder = destFolderParam;
    world.addUploadFiles(run, targetNames(destFolderParam ?? run.upload?.destFolder ?? ''));
    if (endJob) world.endUpload(run);
    return {
      status: 200,
      body: `<?xml version="1.0" encoding="UTF-8"?><uploadPostReturn xmlns="${ns}"><jobHandle>${esc(run.handle)}</jobHandle></uploadPostReturn>`,
    };
  } catch (err) {
    const f = err instanceof SoapFault ? err : new SoapFault('ipsApiFault', 30000, err instanceof Error ? err.message : String(err));
    return { status: faultStatus, body: faultBody(f) };
  }
}
