/**
 * Test support of the Bind WeChat browser tests: an app shell served at `<harness>/binding-shell.html?q=<page
 * query>#<Xrm spec>` that installs the shared fake Xrm, adds what this page needs on top (createRecord,
 * deleteRecord, userSettings.userId, lookupObjects), and shows wxm_/pages/binding.html in an iframe that reaches
 * it as parent.Xrm, as the app does.
 */
import type { Page } from 'playwright-core';

/** An app shell: the fake Xrm (with the calls this page needs on top), then the page in an iframe, as the app shows it. */
export function shell(query: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><style>body{margin:0;font-family:"Segoe UI",sans-serif}iframe{border:0;width:100%;height:900px}[role=dialog]{border:1px solid #888;padding:16px;margin:16px;background:#fff}</style></head><body>
<script src="/harness/fake-xrm.js"></script>
<script>
var spec = JSON.parse(decodeURIComponent(location.hash.slice(1)));
__harness.installXrm(spec);
// What the shared fake lacks and this page uses: createRecord, deleteRecord, userSettings.userId, lookupObjects.
var api = function (method, path, body) {
  return fetch('/api/data/v9.2/' + path, { method: method, headers: { authorization: 'Bearer ' + spec.dataverseToken, accept: 'application/json', 'content-type': 'application/json', 'OData-Version': '4.0' }, body: body === undefined ? undefined : JSON.stringify(body) })
    .then(function (r) { return r.text().then(function (t) { var j = t ? JSON.parse(t) : {}; if (!r.ok) { var e = new Error((j.error && j.error.message) || ('HTTP ' + r.status)); if (j.error && j.error.code) e.errorCode = parseInt(j.error.code, 16); throw e; } return { r: r, j: j }; }); });
};
Xrm.WebApi.createRecord = function (entity, data) {
  return api('POST', entity + 's', data).then(function (x) { var id = /\\(([^)]+)\\)/.exec(x.r.headers.get('OData-EntityId') || '')[1]; return { entityType: entity, id: id }; });
};
Xrm.WebApi.deleteRecord = function (entity, id) { return api('DELETE', entity + 's(' + id + ')').then(function () { return { entityType: entity, id: id }; }); };
var global = Xrm.Utility.getGlobalContext;
Xrm.Utility.getGlobalContext = function () { var g = global(); g.userSettings.userId = '{' + spec.userId.toUpperCase() + '}'; return g; };
Xrm.Utility.lookupObjects = function () { return Promise.resolve(spec.lookup ? [spec.lookup] : []); };
</script>
<iframe id="webresource" src="/WebResources/wxm_/pages/binding.html${query}"></iframe></body></html>`;
}

/** Serves the shell on the harness origin (same origin as the web resources and the Web API front). */
export async function serveBindingShell(page: Page, harnessUrl: string): Promise<void> {
  await page.route(`${harnessUrl}/binding-shell.html*`, (route) => {
    const query = new URL(route.request().url()).searchParams.get('q') ?? '';
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: shell(query) });
  });
}

let opened = 0;

/** The shell's URL for one opening (a new URL each time: a changed fragment alone would not load the page again). */
export function shellUrl(harnessUrl: string, query: string, spec: Record<string, unknown>): string {
  return `${harnessUrl}/binding-shell.html?q=${encodeURIComponent(query)}&n=${++opened}#${encodeURIComponent(JSON.stringify(spec))}`;
}
