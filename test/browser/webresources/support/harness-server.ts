/**
 * Serves the web resources as Dynamics does, under /WebResources/<name>, freshly built from webresources/src,
 * plus two harness pages: /main.aspx (an app shell with a fake Xrm and Start To Use in an iframe, as the
 * sitemap shows it) and /form.html (a form with a fake Xrm that loads one form library). As an org's front
 * (`front`), it also forwards the Web API to that org's emulator.
 */
import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { build } from 'esbuild';
import { buildWebResources, WEBRESOURCES_DIR } from '../../../../webresources/build.js';

export interface Harness {
  url: string;
  /**
   * Makes this origin the front of an org, as a real org's origin serves both its web resources and its Web
   * API: /api/data/… is forwarded to `dataverseUrl` (the org's emulator) as it came.
   */
  front(dataverseUrl: string): void;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'application/javascript; charset=utf-8' };

/** manifest name → built bytes, e.g. "wxm_/pages/starttouse.html". */
async function webResources(): Promise<Map<string, Uint8Array>> {
  const built = await buildWebResources();
  const manifest = JSON.parse(readFileSync(path.join(WEBRESOURCES_DIR, 'manifest.json'), 'utf8')) as { webResources: { name: string; file: string }[] };
  return new Map(manifest.webResources.map((r) => [r.name, built.get(r.file.replace(/^generated\//, ''))!]));
}

async function fakeXrm(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(WEBRESOURCES_DIR, 'harness/fake-xrm.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: ['es2020'],
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

const PAGE_STYLE =
  'body{font-family:"Segoe UI",sans-serif;margin:0}#notifications{margin:0;padding:8px 16px;list-style:none}#notifications li{padding:4px 0}[role=dialog]{border:1px solid #888;padding:16px;margin:16px}';

/** App shell: Xrm from the config in the fragment, then Start To Use in an iframe that reaches it as parent.Xrm. */
const MAIN = `<!doctype html><html><head><meta charset="utf-8"><title>Dynamics 365</title><style>${PAGE_STYLE}iframe{border:0;width:100%;height:760px}</style></head><body>
<script src="/harness/fake-xrm.js"></script>
<script>__harness.installXrm(JSON.parse(decodeURIComponent(location.hash.slice(1))));</script>
<iframe id="webresource" src="/WebResources/wxm_/pages/starttouse.html"></iframe></body></html>`;

/** A form page: notifications on top, the library named by ?library= loaded like Dynamics loads form libraries. */
const FORM = `<!doctype html><html><head><meta charset="utf-8"><title>Form</title><style>${PAGE_STYLE}</style></head><body>
<ul id="notifications"></ul>
<script src="/harness/fake-xrm.js"></script>
<script>document.write('<script src="/WebResources/' + new URLSearchParams(location.search).get('library') + '"><\\/script>');</script>
</body></html>`;

export async function startHarness(): Promise<Harness> {
  const resources = await webResources();
  const harnessScript = await fakeXrm();
  let upstream: URL | undefined;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://harness');
    if (upstream && url.pathname.startsWith('/api/data/')) return forward(req, res, upstream);
    const send = (status: number, type: string, body: string | Uint8Array) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (url.pathname.startsWith('/WebResources/')) {
      const name = decodeURIComponent(url.pathname.slice('/WebResources/'.length));
      const content = resources.get(name);
      return content ? send(200, TYPES[path.extname(name)] ?? 'application/octet-stream', content) : send(404, 'text/plain', `no web resource ${name}`);
    }
    if (url.pathname === '/harness/fake-xrm.js') return send(200, TYPES['.js']!, harnessScript);
    if (url.pathname === '/main.aspx') return send(200, TYPES['.html']!, MAIN);
    if (url.pathname === '/form.html') return send(200, TYPES['.html']!, FORM);
    return send(404, 'text/plain', 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    front: (dataverseUrl) => void (upstream = new URL(dataverseUrl)),
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

/** Passes one request on to the emulator and its answer back, headers and body untouched (but Host). */
function forward(req: IncomingMessage, res: ServerResponse, upstream: URL): void {
  const headers = { ...req.headers, host: upstream.host };
  const out = httpRequest({ hostname: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  out.on('error', () => res.writeHead(502).end());
  req.pipe(out);
}
