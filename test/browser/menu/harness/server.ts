/**
 * The menu designer's harness server (toolchain.md §4's workaround, without pcf-start): a page that loads React 16.14
 * and ReactDOM from node_modules as the platform library the bundle expects (`Reactv16`), the harness script, then
 * the built MenuDesigner bundle. Web API requests go to the same origin, as in Dynamics, and are passed to a
 * Dataverse emulator with a bearer token the page never sees.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { build } from 'esbuild';
import { XMLParser } from 'fast-xml-parser';

export const REPO_ROOT = path.resolve(import.meta.dirname, '../../../..');
export const PROJECT = path.join(REPO_ROOT, 'pcf-controls/MenuDesigner');
export const CONTROL_OUT = path.join(PROJECT, 'out/controls/MenuDesigner');

/** Builds the control when out/ is missing or older than its sources (build-if-stale.mjs decides, under a lock). */
export function ensureDesignerBuilt(): void {
  execFileSync(process.execPath, [path.join(PROJECT, '../build-if-stale.mjs'), PROJECT], {
    cwd: PROJECT,
    env: { ...process.env, BUILD_QUIET: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export interface Harness {
  url: string;
  close(): Promise<void>;
}

const LIBRARIES: Record<string, string> = {
  '/lib/react.js': 'node_modules/react/umd/react.development.js',
  '/lib/react-dom.js': 'node_modules/react-dom/umd/react-dom.development.js',
};

const page = (react: string) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>MenuDesigner harness</title>
<link rel="stylesheet" href="/control/css/MenuDesigner.css">
<style>
  body { margin: 0; background: #f3f2f1; font-family: "Segoe UI", "Noto Sans CJK SC", sans-serif; }
  .form { width: 900px; margin: 16px; padding-bottom: 16px; background: #fff; border-radius: 4px; box-shadow: 0 1.6px 3.6px rgba(0,0,0,.13); }
  .tab { padding: 10px 16px; font-weight: 600; border-bottom: 2px solid #0f6cbd; display: inline-block; }
  #control { padding: 16px; }
</style>
</head>
<body>
<div class="form"><div class="tab" id="tab">Designer</div><div id="control"></div></div>
<script src="/lib/react.js"></script>
<script src="/lib/react-dom.js"></script>
<script>window.${react} = window.React;</script>
<script src="/harness.js"></script>
<script src="/control/bundle.js"></script>
</body>
</html>`;

function resxStrings(lcid: string): Record<string, string> {
  const xml = readFileSync(path.join(CONTROL_OUT, `strings/MenuDesigner.${lcid}.resx`), 'utf8');
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', isArray: (name) => name === 'data' }).parse(xml) as {
    root: { data: { '@_name': string; value: string | number }[] };
  };
  return Object.fromEntries(parsed.root.data.map((d) => [d['@_name'], String(d.value)]));
}

function send(res: ServerResponse, status: number, body: string | Buffer, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(body);
}

async function proxy(req: IncomingMessage, res: ServerResponse, serviceRoot: string, token: () => string): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const target = new URL(req.url!.replace(/^\/api\/data\/v9\.2\//, ''), serviceRoot);
  const headers: Record<string, string> = { Authorization: `Bearer ${token()}` };
  for (const name of ['content-type', 'accept', 'prefer', 'odata-version', 'odata-maxversion', 'if-match']) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const upstream = await fetch(target, { method: req.method, headers, body: chunks.length > 0 ? Buffer.concat(chunks) : undefined });
  const out: Record<string, string> = {};
  for (const name of ['content-type', 'odata-entityid', 'odata-version', 'preference-applied']) {
    const value = upstream.headers.get(name);
    if (value !== null) out[name] = value;
  }
  res.writeHead(upstream.status, out);
  res.end(Buffer.from(await upstream.arrayBuffer()));
}

export async function startDesignerHarness(options: { serviceRoot: string; token: () => string }): Promise<Harness> {
  const script = (
    await build({
      entryPoints: [path.join(import.meta.dirname, 'page/main.ts')],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      target: 'es2020',
      logLevel: 'silent',
    })
  ).outputFiles[0]!.text;
  const strings = { '1033': JSON.stringify(resxStrings('1033')), '2052': JSON.stringify(resxStrings('2052')) };
  const react = /\bReactv\d+\b/.exec(readFileSync(path.join(CONTROL_OUT, 'bundle.js'), 'utf8'))?.[0];
  if (!react) throw new Error('the built bundle names no React platform library');
  const html = page(react);
  const server = createServer((req, res) => {
    const route = new URL(req.url ?? '/', 'http://harness').pathname;
    try {
      if (route.startsWith('/api/data/v9.2/')) {
        proxy(req, res, options.serviceRoot, options.token).catch((error: unknown) => send(res, 502, String(error)));
        return;
      }
      if (route === '/') return send(res, 200, html, 'text/html; charset=utf-8');
      if (route === '/harness.js') return send(res, 200, script, 'text/javascript');
      const lcid = /^\/strings\/(1033|2052)\.json$/.exec(route)?.[1] as '1033' | '2052' | undefined;
      if (lcid) return send(res, 200, strings[lcid], 'application/json');
      const library = LIBRARIES[route];
      if (library) return send(res, 200, readFileSync(path.join(REPO_ROOT, library)), 'text/javascript');
      if (route.startsWith('/control/')) {
        const file = path.normalize(path.join(CONTROL_OUT, route.slice('/control/'.length)));
        if (!file.startsWith(CONTROL_OUT)) return send(res, 403, 'outside the control');
        return send(res, 200, readFileSync(file), file.endsWith('.css') ? 'text/css' : file.endsWith('.js') ? 'text/javascript' : 'application/xml');
      }
      send(res, 404, `no route ${route}`);
    } catch (error) {
      send(res, 404, String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
