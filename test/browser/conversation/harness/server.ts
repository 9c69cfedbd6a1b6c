/**
 * The harness server (toolchain.md §4's workaround, without pcf-start): serves a page that loads React 16.14,
 * ReactDOM and Fluent UI from node_modules as the platform libraries the bundle expects (the globals its externals
 * name, e.g. `Reactv16` and `FluentUIReactv81211`, read from the built bundle), then the harness script, then the
 * built bundle.
 * Web API requests from the page go to the same origin, as in Dynamics, and are passed to a Dataverse emulator
 * with a bearer token the page never sees.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { build } from 'esbuild';
import { XMLParser } from 'fast-xml-parser';
import { CONTROL_OUT, REPO_ROOT } from '../support/control-build.js';

export interface Harness {
  url: string;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** The emulator's Web API root, e.g. `http://127.0.0.1:1234/api/data/v9.2/`. */
  serviceRoot: string;
  /** A bearer token for the operator using the page. */
  token: () => string;
}

const LIBRARIES: Record<string, string> = {
  '/lib/react.js': 'node_modules/react/umd/react.development.js',
  '/lib/react-dom.js': 'node_modules/react-dom/umd/react-dom.development.js',
  '/lib/fluent.js': 'node_modules/@fluentui/react/dist/fluentui-react.umd.js',
};

/**
 * The platform-library globals the bundle reads, as pcf-scripts names them from the manifest's versions
 * (PlatformLibraryVersions.json libAlias): the harness must provide exactly those, so a manifest that names another
 * version than the one installed shows up here.
 */
export function platformGlobals(bundle: string): { react: string; fluent: string } {
  const react = /\bReactv\d+\b/.exec(bundle)?.[0];
  const fluent = /\bFluentUIReactv\d+\b/.exec(bundle)?.[0];
  if (!react || !fluent) throw new Error('the built bundle names no React or Fluent platform library');
  return { react, fluent };
}

const page = (globals: { react: string; fluent: string }) => `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>ConversationView harness</title>
<link rel="stylesheet" href="/control/css/ConversationView.css">
<style>
  body { margin: 0; background: #f3f2f1; font-family: "Segoe UI", "Noto Sans CJK SC", sans-serif; }
  .form { width: 760px; margin: 16px; background: #fff; border-radius: 4px; box-shadow: 0 1.6px 3.6px rgba(0,0,0,.13); }
  .tab { padding: 10px 16px; font-weight: 600; border-bottom: 2px solid #0f6cbd; display: inline-block; }
</style>
</head>
<body>
<div class="form"><div class="tab" id="tab">Conversation</div><div id="control"></div></div>
<script src="/lib/react.js"></script>
<script src="/lib/react-dom.js"></script>
<script src="/lib/fluent.js"></script>
<script>window.${globals.react} = window.React; window.${globals.fluent} = window.FluentUIReact;</script>
<script src="/harness.js"></script>
<script src="/control/bundle.js"></script>
</body>
</html>`;

/** The control's strings per language, from the built resx files (what context.resources.getString reads). */
function resxStrings(lcid: string): Record<string, string> {
  const xml = readFileSync(path.join(CONTROL_OUT, `strings/ConversationView.${lcid}.resx`), 'utf8');
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', isArray: (name) => name === 'data' }).parse(xml) as {
    root: { data: { '@_name': string; value: string | number }[] };
  };
  return Object.fromEntries(parsed.root.data.map((d) => [d['@_name'], String(d.value)]));
}

async function pageScript(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(import.meta.dirname, 'page/main.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.resx': 'application/xml',
  '.xml': 'application/xml',
  '.json': 'application/json',
};

function send(res: ServerResponse, status: number, body: string | Buffer, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(body);
}

async function proxy(req: IncomingMessage, res: ServerResponse, options: HarnessOptions): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const target = new URL(req.url!.replace(/^\/api\/data\/v9\.2\//, ''), options.serviceRoot);
  const headers: Record<string, string> = { Authorization: `Bearer ${options.token()}` };
  for (const name of ['content-type', 'accept', 'prefer', 'odata-version', 'odata-maxversion', 'if-match', 'if-none-match']) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const upstream = await fetch(target, { method: req.method, headers, body: chunks.length > 0 ? Buffer.concat(chunks) : undefined });
  const out: Record<string, string> = {};
  for (const name of ['content-type', 'odata-entityid', 'odata-version', 'preference-applied', 'location', 'retry-after']) {
    const value = upstream.headers.get(name);
    if (value !== null) out[name] = value;
  }
  res.writeHead(upstream.status, out);
  res.end(Buffer.from(await upstream.arrayBuffer()));
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const script = await pageScript();
  const strings = { '1033': JSON.stringify(resxStrings('1033')), '2052': JSON.stringify(resxStrings('2052')) };
  const html = page(platformGlobals(readFileSync(path.join(CONTROL_OUT, 'bundle.js'), 'utf8')));
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://harness');
    const route = url.pathname;
    try {
      if (route.startsWith('/api/data/v9.2/')) {
        proxy(req, res, options).catch((error: unknown) => send(res, 502, String(error)));
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
        return send(res, 200, readFileSync(file), CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream');
      }
      send(res, 404, `no route ${route}`);
    } catch (error) {
      send(res, 404, String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
