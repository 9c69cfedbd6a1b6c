/**
 * The follower form's WeChat Tags subgrid in Chromium, in English and Chinese. Dynamics draws subgrids itself, so the
 * harness draws the one the packed FormXml declares (its relationship, target table, associated view, the view's
 * columns and every label in the user's language) over the Dataverse emulator's Web API with the user's session, as
 * Dynamics does: the rows through the N:N navigation, Add Existing as POST …/$ref, Remove as DELETE …/$ref. Those
 * raise the Associate and Disassociate messages the relay's webhook steps carry (relay/tags/tag-hint.ts); what the
 * relay then does in WeChat is tested in relay/tags/tags.sim.test.ts. Writes follower-tags-en.png and -zh.png.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EntitySets, Follower, schema, Tag } from '@wxm/solution/schema';
import { Emulators } from '@wxm/testkit/kit/dataverse/org-under-test';
import type { DataverseEmulator } from '../../emulators/dataverse/index.js';
import { packRepository } from '../../../scripts/pack/pack.js';
import { parseXml } from '../../../scripts/pack/test-support.js';
import { openBrowser, SCREENSHOTS, type Browser } from '../../support/browser.js';
import { startHarness, type Harness } from './support/harness-server.js';

type Lcid = 1033 | 2052;
const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
const labelOf = (labels: any, lcid: Lcid): string => asArray<any>(labels?.label).find((l) => Number(l['@languagecode']) === lcid)?.['@description'] ?? '';

/** The first object anywhere under `node` that `match` accepts, with its parent. */
function findDeep(node: unknown, match: (o: any) => boolean, parent?: unknown): { found: any; parent: any } | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  if (match(node)) return { found: node, parent };
  for (const child of Object.values(node)) {
    const hit = findDeep(child, match, node);
    if (hit) return hit;
  }
  return undefined;
}

interface SubgridSpec {
  title: string;
  relationship: string;
  target: string;
  targetSet: string;
  targetId: string;
  columns: { name: string; label: string; lookup: boolean; number: boolean; options?: Record<number, string> }[];
  locale: string;
  add: string;
  remove: string;
  empty: string;
}

/** The subgrid as the packed solution declares it on the follower's main form, in one language. */
async function packedTagsSubgrid(lcid: Lcid): Promise<SubgridSpec> {
  const xml = parseXml((await packRepository()).customizationsXml).ImportExportXml;
  const entity = (name: string) => xml.Entities.Entity.find((e: any) => e.EntityInfo.entity['@Name'].toLowerCase() === name);
  const form = entity('wxm_follower').FormXml.forms.find((f: any) => f['@type'] === 'main').systemform[0].form;
  const cell = findDeep(form, (o) => o.control?.['@id'] === 'subgrid_follower_tags')!.found;
  const parameters = cell.control.parameters;
  const target = String(parameters.TargetEntityType);
  const view = asArray<any>(entity(target).SavedQueries.savedqueries.savedquery).find((q) => q.savedqueryid === parameters.ViewId);
  const table = schema.tables[target]!;
  const columns = asArray<any>(asArray<any>(view.layoutxml.grid.row)[0].cell).map((c) => {
    const column = table.columns[c['@name']]!;
    // As a grid draws them: choices by their label in the user's language, numbers in the user's format.
    const options = column.optionSet ? Object.fromEntries(schema.optionSets[column.optionSet]!.options.map((o) => [o.value, o.labels[lcid]])) : undefined;
    return {
      name: column.logicalName,
      label: column.labels![lcid],
      lookup: column.type === 'lookup',
      number: column.type === 'integer',
      ...(options && { options }),
    };
  });
  const title = labelOf(cell.labels, lcid);
  return {
    title,
    relationship: String(parameters.RelationshipName),
    target,
    targetSet: table.entitySetName,
    targetId: table.primaryIdAttribute,
    columns,
    locale: lcid === 2052 ? 'zh-CN' : 'en-US',
    add: lcid === 2052 ? `添加现有${title}` : `Add Existing ${title}`,
    remove: lcid === 2052 ? '移除' : 'Remove',
    empty: lcid === 2052 ? '没有可显示的数据' : 'No data available',
  };
}

/** The page: the subgrid drawn from the spec, reading and writing through this origin's Web API (the org's front). */
const PAGE = `<!doctype html><html><head><meta charset="utf-8"><style>
body{font-family:"Segoe UI","WenQuanYi Micro Hei",sans-serif;margin:16px;background:#faf9f8}
section{background:#fff;border:1px solid #e1dfdd;border-radius:4px;padding:12px 16px}
h2{font-size:15px;margin:0 0 8px}.bar{display:flex;gap:8px;margin-bottom:8px}
table{border-collapse:collapse;width:100%;font-size:13px}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #edebe9}
th{color:#605e5c;font-weight:600}button{font:inherit;padding:3px 10px}</style></head><body><section id="grid"></section>
<script>
const api = '/api/data/v9.2/';
const FORMATTED = '@OData.Community.Display.V1.FormattedValue';
let s;
const call = (method, path, body) => fetch(api + path, { method, headers: { Authorization: 'Bearer ' + s.token, Accept: 'application/json',
  'OData-Version': '4.0', Prefer: 'odata.include-annotations="OData.Community.Display.V1.FormattedValue"',
  ...(body ? { 'Content-Type': 'application/json' } : {}) }, body: body && JSON.stringify(body) })
  .then(async (r) => { if (!r.ok) throw new Error(method + ' ' + path + ': ' + r.status + ' ' + await r.text()); return r.status === 204 ? null : r.json(); });
const prop = (c) => c.lookup ? '_' + c.name + '_value' : c.name;
function cellText(row, c) {
  const v = row[prop(c)];
  if (v === null || v === undefined) return '';
  if (c.options) return c.options[v] ?? String(v);
  if (c.number) return Number(v).toLocaleString(s.grid.locale);
  return row[prop(c) + FORMATTED] ?? String(v);
}
async function draw() {
  const rows = (await call('GET', 'wxm_followers(' + s.followerId + ')/' + s.grid.relationship + '?$select=' + [s.grid.targetId, ...s.grid.columns.map(prop)].join(','))).value;
  const linked = new Set(rows.map((r) => r[s.grid.targetId]));
  const candidates = (await call('GET', s.grid.targetSet + '?$select=' + s.grid.targetId + ',wxm_name&$filter=_wxm_officialaccountid_value eq ' + s.accountId)).value
    .filter((t) => !linked.has(t[s.grid.targetId]));
  const el = document.getElementById('grid');
  el.innerHTML = '';
  const h = document.createElement('h2'); h.textContent = s.grid.title; el.append(h);
  const bar = document.createElement('div'); bar.className = 'bar';
  const pick = document.createElement('select'); pick.id = 'candidate';
  for (const t of candidates) { const o = document.createElement('option'); o.value = t[s.grid.targetId]; o.textContent = t.wxm_name; pick.append(o); }
  const add = document.createElement('button'); add.id = 'add'; add.textContent = s.grid.add; add.disabled = candidates.length === 0;
  add.onclick = async () => { await call('POST', 'wxm_followers(' + s.followerId + ')/' + s.grid.relationship + '/$ref', { '@odata.id': location.origin + api + s.grid.targetSet + '(' + pick.value + ')' }); await draw(); };
  const remove = document.createElement('button'); remove.id = 'remove'; remove.textContent = s.grid.remove;
  remove.onclick = async () => { for (const box of document.querySelectorAll('input[type=checkbox]:checked'))
    await call('DELETE', 'wxm_followers(' + s.followerId + ')/' + s.grid.relationship + '(' + box.value + ')/$ref'); await draw(); };
  bar.append(pick, add, remove); el.append(bar);
  const table = document.createElement('table');
  table.innerHTML = '<thead><tr><th></th>' + s.grid.columns.map((c) => '<th></th>').join('') + '</tr></thead><tbody></tbody>';
  s.grid.columns.forEach((c, i) => { table.querySelectorAll('th')[i + 1].textContent = c.label; });
  const body = table.querySelector('tbody');
  for (const row of rows) {
    const tr = document.createElement('tr');
    const pickCell = document.createElement('td'); const box = document.createElement('input'); box.type = 'checkbox'; box.value = row[s.grid.targetId]; pickCell.append(box); tr.append(pickCell);
    for (const c of s.grid.columns) { const td = document.createElement('td'); td.textContent = cellText(row, c); tr.append(td); }
    body.append(tr);
  }
  if (rows.length === 0) { const tr = document.createElement('tr'); const td = document.createElement('td'); td.colSpan = s.grid.columns.length + 1; td.textContent = s.grid.empty; tr.append(td); body.append(tr); }
  el.append(table);
  document.body.dataset.rows = String(rows.length);
}
window.openSubgrid = (spec) => { s = spec; return draw(); };
</script></body></html>`;

const emulators = new Emulators();
let dv: DataverseEmulator;
let harness: Harness;
let browser: Browser;
let accountId: string;
let followerId: string;
const tags: Record<string, string> = {};
const bind = (set: string, id: string) => `/${set}(${id})`;

beforeAll(async () => {
  harness = await startHarness();
  dv = await emulators.start({ org: { audiences: [harness.url] } });
  harness.front(dv.url);
  accountId = dv.insert(EntitySets.OfficialAccount, { wxm_name: 'Contoso 服务号', wxm_appid: 'wx00000000000000a1' });
  followerId = dv.insert(EntitySets.Follower, {
    [Follower.columns.Name]: '林美',
    [Follower.columns.OpenId]: 'oFollowerTags000000000000001',
    [Follower.columns.Subscribed]: true,
    'wxm_OfficialAccountId@odata.bind': bind(EntitySets.OfficialAccount, accountId),
  });
  for (const [name, wechatId, count] of [
    ['VIP', 100, 1_204],
    ['上海展会 2026', 101, 356],
    ['Newsletter', 102, 8_910],
  ] as const) {
    tags[name] = dv.insert(EntitySets.Tag, {
      [Tag.columns.Name]: name,
      [Tag.columns.WechatTagId]: wechatId,
      [Tag.columns.FollowerCount]: count,
      [Tag.columns.State]: 472610001,
      'wxm_OfficialAccountId@odata.bind': bind(EntitySets.OfficialAccount, accountId),
    });
  }
  browser = await openBrowser({ viewport: { width: 900, height: 330 } });
  await browser.page.route(`${harness.url}/follower-tags.html*`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: PAGE }),
  );
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await harness?.close();
  await emulators.closeAll();
});

/** The follower's tags as Dataverse holds them (the N:N intersect rows). */
const linkedTags = async () =>
  (
    (await (
      await fetch(`${dv.serviceRoot}${EntitySets.Follower}(${followerId})/wxm_follower_wxm_tag?$select=wxm_name`, {
        headers: { Authorization: `Bearer ${dv.issueToken()}`, Accept: 'application/json' },
      })
    ).json()) as { value: { wxm_name: string }[] }
  ).value
    .map((t) => t.wxm_name)
    .sort();

async function open(lcid: Lcid) {
  const grid = await packedTagsSubgrid(lcid);
  await browser.page.goto(`${harness.url}/follower-tags.html?lcid=${lcid}`);
  const token = dv.issueToken({ audience: harness.url, lifetimeSeconds: 3600 });
  await browser.page.evaluate((spec) => (globalThis as unknown as { openSubgrid(s: unknown): Promise<void> }).openSubgrid(spec), {
    grid,
    token,
    followerId,
    accountId,
  });
  return grid;
}

/** The grid drew `n` rows (the page marks it when a redraw is done). */
const rowsShown = (n: number) => browser.page.waitForSelector(`body[data-rows="${n}"]`, { state: 'attached' });
const headers = () => browser.page.locator('th').allTextContents();
/** Each row's cells after the selection box (the empty grid's one cell as it is). */
const cells = () =>
  browser.page
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)).map((texts) => (texts.length > 1 ? texts.slice(1) : texts)),
    );

describe('the WeChat Tags subgrid on the follower form', () => {
  it('declares the N:N relationship and the associated view, and adds and removes tags through $ref (English)', async () => {
    const grid = await open(1033);
    expect({ relationship: grid.relationship, target: grid.target, title: grid.title }).toEqual({
      relationship: 'wxm_follower_wxm_tag',
      target: 'wxm_tag',
      title: 'WeChat Tags',
    });
    expect(await headers()).toEqual(['', 'Name', 'Official Account', 'WeChat Tag ID', 'Followers', 'Sync State']);
    expect(await cells()).toEqual([['No data available']]);

    await browser.page.selectOption('#candidate', tags['VIP']!);
    await browser.page.click('#add');
    await rowsShown(1);
    await browser.page.selectOption('#candidate', tags['上海展会 2026']!);
    await browser.page.click('#add');
    await rowsShown(2);
    expect(await linkedTags()).toEqual(['VIP', '上海展会 2026']);
    expect(await cells()).toEqual(
      expect.arrayContaining([
        ['VIP', 'Contoso 服务号', '100', '1,204', 'Synced'],
        ['上海展会 2026', 'Contoso 服务号', '101', '356', 'Synced'],
      ]),
    );
    await browser.page.screenshot({ path: join(SCREENSHOTS, 'follower-tags-en.png') });

    await browser.page.check(`input[value="${tags['VIP']}"]`);
    await browser.page.click('#remove');
    await rowsShown(1);
    expect(await linkedTags()).toEqual(['上海展会 2026']);
    expect(browser.errors).toEqual([]);
  });

  it('shows the same subgrid in Chinese', async () => {
    const grid = await open(2052);
    expect(grid.title).toBe('微信标签');
    expect(await headers()).toEqual(['', ...(schema.tables.wxm_tag!.columns && grid.columns.map((c) => c.label))]);
    expect(grid.columns.map((c) => c.label)).toEqual(['名称', '公众号', '微信标签 ID', '粉丝数', '同步状态']);
    await browser.page.selectOption('#candidate', tags['Newsletter']!);
    await browser.page.click('#add');
    await rowsShown(2);
    expect(await linkedTags()).toEqual(['Newsletter', '上海展会 2026']);
    expect(await cells()).toEqual(expect.arrayContaining([['Newsletter', 'Contoso 服务号', '102', '8,910', '已同步']]));
    await browser.page.screenshot({ path: join(SCREENSHOTS, 'follower-tags-zh.png') });
    expect(browser.errors).toEqual([]);
  });
});
