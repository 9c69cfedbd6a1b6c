/**
 * "Remove account" on the Official Account form: the confirmation names what will be lost (or kept) with the
 * counts, warns when WeChat still authorizes the account, in English and Chinese; confirming stamps the request
 * and the choice, cancelling writes nothing.
 */
import { describe, expect, it } from 'vitest';
import { AccountStatus, OfficialAccount } from '@wxm/solution/schema';
import {
  confirmation,
  countAccountData,
  followAccountRemoval,
  requestRemoval,
  type RemovalCounts,
} from '../../../webresources/src/forms/officialaccount/removal.js';
import type { Xrm, XrmFormContext } from '../../../webresources/src/shared/xrm.js';
import { translator } from '../../../webresources/src/strings/index.js';

const C = OfficialAccount.columns;
const ACCOUNT = '6f1c2a0e-1b2c-4d4e-8f60-718293a4b5c6';
const COUNTS: RemovalCounts = { followers: 5001, messages: 1234, tags: 3, qrCodes: 0, referralPrograms: 0, dailyStats: 14 };

describe('Remove account confirmation', () => {
  it('deleting data, still authorized, in English', () => {
    expect(confirmation('Demo', COUNTS, true, true, translator('en'))).toEqual({
      title: 'Remove Demo?',
      text:
        'WeChat still authorizes Wechat Marketing for this account. Cancel the authorization in the WeChat Official Accounts Platform first (Settings and development → Authorization management → Cancel authorization); otherwise WeChat keeps sending its messages, which the relay then drops.\n\n' +
        'The relay stops serving this account: its connection to this environment, tokens, sync and statistics progress are removed.\n\n' +
        'These rows will be deleted from Dataverse and cannot be restored: more than 5,000 followers, 1,234 messages, 3 tags, 14 daily statistics. Then the account row itself is deleted.',
      confirmButtonLabel: 'Remove and delete data',
      cancelButtonLabel: 'Cancel',
    });
  });

  it('keeping data, already unauthorized, in Chinese', () => {
    expect(confirmation('演示号', COUNTS, false, false, translator('zh'))).toEqual({
      title: '移除 演示号？',
      text:
        '中继服务将停止为此公众号服务：移除其与本环境的连接、令牌、同步与统计进度。\n\n' +
        '其记录将保留在 Dataverse 中（超过 5,000 位粉丝、1,234 条消息、3 个标签、14 条每日统计）；公众号记录保留并标记为“已取消授权”。',
      confirmButtonLabel: '移除并保留数据',
      cancelButtonLabel: '取消',
    });
  });

  it('an account without rows says so', () => {
    const none = { followers: 0, messages: 0, tags: 0, qrCodes: 0, referralPrograms: 0, dailyStats: 0 };
    expect(confirmation('Demo', none, true, false, translator('en')).text.split('\n\n')[1]).toBe(
      'It has no followers, messages, tags, QR codes, referral programs or daily statistics in Dataverse.',
    );
  });
});

/** Just enough of Xrm and the form: rows per table, the dialog's answer, what was written. */
function world(answer: boolean, values: Record<string, unknown>) {
  const queries: string[] = [];
  const dialogs: unknown[] = [];
  const updates: { entity: string; id: string; data: Record<string, unknown> }[] = [];
  const notifications = new Map<string, string>();
  const controlNotes: unknown[] = [];
  const rows: Record<string, number> = { wxm_follower: 2, wxm_message: 7, wxm_tag: 1, wxm_qrcode: 0, wxm_referralprogram: 0, wxm_dailystat: 0 };
  const xrm = {
    WebApi: {
      retrieveMultipleRecords: async (entity: string, options?: string) => {
        queries.push(`${entity}${options ?? ''}`);
        return { entities: Array.from({ length: rows[entity] ?? 0 }, () => ({})) };
      },
      updateRecord: async (entity: string, id: string, data: Record<string, unknown>) => {
        updates.push({ entity, id, data });
        return { entityType: entity, id };
      },
    },
    Navigation: {
      openConfirmDialog: async (strings: unknown) => {
        dialogs.push(strings);
        return { confirmed: answer };
      },
    },
  } as unknown as Xrm;
  const form = {
    data: { entity: { getId: () => `{${ACCOUNT.toUpperCase()}}`, getEntityName: () => 'wxm_officialaccount' }, addOnLoad: () => undefined },
    ui: {
      getFormType: () => 2,
      setFormNotification: (message: string, _level: string, id: string) => notifications.set(id, message) && true,
      clearFormNotification: (id: string) => notifications.delete(id),
    },
    getAttribute: (name: string) => (name in values ? { getValue: () => values[name], setValue: () => undefined } : null),
    getControl: (name: string) =>
      name === C.RemoveData
        ? { getLabel: () => '', setLabel: () => undefined, addNotification: (n: unknown) => controlNotes.push(n) > 0, clearNotification: () => true }
        : null,
  } as unknown as XrmFormContext;
  return { xrm, form, queries, dialogs, updates, notifications, controlNotes };
}

describe('Remove account on the form', () => {
  const values = { [C.Name]: 'Demo', [C.RemoveData]: true, [C.AccountStatus]: AccountStatus.Unauthorized };

  it('counts only this account’s rows, asks, then stamps the request with the choice', async () => {
    const w = world(true, values);
    expect(await requestRemoval(w.xrm, w.form, translator('en'), 'en', Date.parse('2026-12-03T10:00:00.750Z'))).toBe(true);
    expect(w.queries).toEqual(
      ['wxm_followerid', 'wxm_messageid', 'wxm_tagid', 'wxm_qrcodeid', 'wxm_referralprogramid', 'wxm_dailystatid'].map(
        (pk) => `${pk.replace(/id$/, '')}?$select=${pk}&$filter=_wxm_officialaccountid_value eq ${ACCOUNT}&$top=5001`,
      ),
    );
    expect((w.dialogs[0] as { text: string }).text).toContain(
      'These rows will be deleted from Dataverse and cannot be restored: 2 followers, 7 messages, 1 tag.',
    );
    expect(w.updates).toEqual([
      { entity: 'wxm_officialaccount', id: ACCOUNT, data: { [C.RemovalRequestedOn]: '2026-12-03T10:00:00.000Z', [C.RemoveData]: true } },
    ]);
  });

  it('cancelling writes nothing', async () => {
    const w = world(false, values);
    expect(await requestRemoval(w.xrm, w.form, translator('zh'), 'zh')).toBe(false);
    expect(w.updates).toEqual([]);
    expect((w.dialogs[0] as { title: string }).title).toBe('移除 Demo？');
  });

  it('on load: the button under Remove Data Too, and the relay’s progress in the user’s language', async () => {
    const w = world(true, { ...values, [C.RemovalState]: 'Removing: deleted so far: 2 followers.\n正在移除：已删除：2 位粉丝。' });
    followAccountRemoval(w.xrm, w.form, translator('zh'), 'zh');
    expect(w.notifications.get('wxm-oa-removal')).toBe('移除：正在移除：已删除：2 位粉丝。');
    expect(w.controlNotes).toMatchObject([{ notificationLevel: 'RECOMMENDATION', uniqueId: 'wxm-oa-removal', actions: [{ message: '移除公众号' }] }]);
    expect(await countAccountData(w.xrm, `{${ACCOUNT}}`)).toEqual({ followers: 2, messages: 7, tags: 1, qrCodes: 0, referralPrograms: 0, dailyStats: 0 });
  });
});
