// getFolderTree (real IPS; absent from the reduced WSDL, like getProperty): the company's
// folder tree, for the window's destination picker. The simulator's folders are the
// company root, the folders its catalog assets and job runs name, and every folder an
// upload has written to. Answered with the same authentication and membership checks as
// the SOAP operations (authenticationFault 1000x, authorizationFault 20000/20006).
import { answerOutsideWsdl, fieldOf, type BareAnswer } from './outside-wsdl.ts';
import { roleIn } from './roles.ts';
import { SoapFault } from './soap-fault.ts';
import { uploadServlet } from './upload.ts';
import type { World } from './world.ts';
import { NS_DEFAULT, esc } from './xml.ts';

/** Folders the company's upload jobs wrote files to. */
function receivedFolders(world: World, companyHandle: string): string[] {
  const out: string[] = [];
  for (const [jobHandle, files] of uploadServlet(world).received) {
    if (world.runByHandle(jobHandle)?.companyHandle !== companyHandle) continue;
    for (const f of files) {
      const cut = f.path.lastIndexOf('/');
      if (cut > 0) out.push(f.path.slice(0, cut + 1));
    }
  }
  return out;
}

const CATALOG_FOLDERS = ['incoming/', 'products/', 'products/2024/', 'banners/', 'sets/', '新品/'];

interface Node {
  path: string;
  children: Map<string, Node>;
}

function tree(paths: Iterable<string>, root: string): Node {
  const top: Node = { path: root, children: new Map() };
  for (const p of paths) {
    if (!p.startsWith(root)) continue;
    let node = top;
    let at = root;
    for (const part of p.slice(root.length).split('/').filter(Boolean)) {
      at = `${at}${part}/`;
      let next = node.children.get(part);
      if (!next) {
        next = { path: at, children: new Map() };
        node.children.set(part, next);
      }
      node = next;
    }
  }
  return top;
}

function folderXml(n: Node, depth: number): string {
  const kids = [...n.children.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
  const sub = depth > 0 && kids.length > 0 ? `<subfolderArray>${kids.map((k) => `<items>${folderXml(k, depth - 1)}</items>`).join('')}</subfolderArray>` : '';
  return `<folderHandle>${esc(`f|${n.path}`)}</folderHandle><path>${esc(n.path)}</path><hasSubfolders>${kids.length > 0}</hasSubfolders>${sub}`;
}

/** The answer to a getFolderTree request, or undefined when the request is another operation. */
export function answerGetFolderTree(world: World, xml: string, authorization?: string): BareAnswer | undefined {
  return answerOutsideWsdl(world, xml, authorization, 'getFolderTreeParam', (user, param) => {
    const companyHandle = fieldOf(param, 'companyHandle');
    if (!companyHandle) throw new SoapFault('ipsApiFault', 30002, "Missing required parameter 'companyHandle'");
    const company = world.companies.get(companyHandle);
    if (!company) throw new SoapFault('authorizationFault', 20000, `Invalid company '${companyHandle}'`);
    if (roleIn(user, company.handle) === undefined) throw new SoapFault('authorizationFault', 20006, `User is not a member of company '${companyHandle}'`);
    const depthText = fieldOf(param, 'depth');
    const depth = depthText === undefined ? 1 : Number(depthText);
    if (!Number.isInteger(depth) || depth < 0) throw new SoapFault('ipsApiFault', 30002, `Invalid value for parameter 'depth': ${depthText}`);
    const root = company.rootPath;
    const paths = new Set<string>(CATALOG_FOLDERS.map((f) => `${root}${f}`));
    for (const a of company.assets) paths.add(a.folder);
    for (const f of receivedFolders(world, company.handle)) paths.add(f);
    const from = fieldOf(param, 'folderPath');
    let top = tree(paths, root);
    if (from) {
      const want = from.endsWith('/') ? from : `${from}/`;
      const find = (n: Node): Node | undefined => (n.path === want ? n : [...n.children.values()].map(find).find(Boolean));
      const found = find(top);
      if (!found) throw new SoapFault('ipsApiFault', 30001, `Unknown folder '${from}'`);
      top = found;
    }
    return `<getFolderTreeReturn xmlns="${NS_DEFAULT}"><folders>${folderXml(top, depth)}</folders></getFolderTreeReturn>`;
  });
}
