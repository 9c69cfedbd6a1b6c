/** The shared files' entries for tables that are not there yet are left out, and come in with their files. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import administrator from '../src/roles/administrator.js';
import operator from '../src/roles/operator.js';
import siteMap from '../src/app/sitemap.js';
import { present, tableExists } from '../src/dsl/present.js';
import { DEFAULT_REPO_ROOT } from './load.js';

const ISSUE_10 = ['wxm_tag', 'wxm_qrcode', 'wxm_referralprogram', 'wxm_binding', 'wxm_dailystat'];
const onDisk = (t: string) => existsSync(path.join(DEFAULT_REPO_ROOT, 'solution/src/tables', `${t}.ts`));

describe('present', () => {
  it('keeps entries whose table file exists and entries without a table', () => {
    expect(tableExists('wxm_follower')).toBe(true);
    expect(tableExists('wxm_nothing')).toBe(false);
    expect(present([{ t: 'wxm_follower' }, { t: 'wxm_nothing' }, { t: undefined }], (x) => x.t)).toEqual([{ t: 'wxm_follower' }, { t: undefined }]);
  });

  it('gives operators, administrators and the Audience group exactly the issue-10 tables on disk', () => {
    const expected = ISSUE_10.filter(onDisk);
    const tablesOf = (role: typeof operator) => role.tables.map((t) => t.table).filter((t) => ISSUE_10.includes(t));
    expect(tablesOf(operator)).toEqual(expected);
    expect(tablesOf(administrator)).toEqual(expected);
    const audience = siteMap.areas[0]!.groups.find((g) => g.id === 'wxm_group_audience')!;
    expect(audience.subAreas.map((s) => ('table' in s ? s.table : '')).filter((t) => ISSUE_10.includes(t))).toEqual(
      ['wxm_tag', 'wxm_qrcode', 'wxm_referralprogram', 'wxm_binding'].filter(onDisk),
    );
    // Tagging followers: Append and AppendTo on both sides of wxm_follower_wxm_tag.
    expect(operator.tables.find((t) => t.table === 'wxm_follower')).toMatchObject({ append: 'Global', appendTo: 'Global' });
  });
});
