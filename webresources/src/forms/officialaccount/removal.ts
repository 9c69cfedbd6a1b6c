/**
 * "Remove account" on the Official Account form. A RECOMMENDATION notification on the Remove Data Too control
 * carries the button (the form has no ribbon of its own); the button counts what the account has in Dataverse,
 * shows what will be lost (or kept) and warns when WeChat still authorizes the account, and on confirmation stamps
 * wxm_RemovalRequestedOn with the choice in wxm_RemoveData. An Update step hints the relay, which re-reads the row
 * and writes its progress to wxm_RemovalState, shown here as a form notification.
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/controls/addnotification
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-navigation/openconfirmdialog
 */
import { AccountStatus, DailyStat, Follower, Message, OfficialAccount, QrCode, ReferralProgram, Tag } from '@wxm/solution/schema';
import { formatDate, notify } from '../../shared/notify.js';
import type { Xrm, XrmControl, XrmFormContext } from '../../shared/xrm.js';
import type { Language, StringKey, Translate } from '../../strings/index.js';

const C = OfficialAccount.columns;
export const REMOVAL_NOTIFICATION = 'wxm-oa-removal';
/** Rows counted per table; beyond this the dialog says "more than". */
export const COUNT_LIMIT = 5000;

export type RemovalCounts = Record<'followers' | 'messages' | 'tags' | 'qrCodes' | 'referralPrograms' | 'dailyStats', number>;

const TABLES: { key: keyof RemovalCounts; table: string; id: string }[] = [
  { key: 'followers', table: Follower.logicalName, id: Follower.primaryIdAttribute },
  { key: 'messages', table: Message.logicalName, id: Message.primaryIdAttribute },
  { key: 'tags', table: Tag.logicalName, id: Tag.primaryIdAttribute },
  { key: 'qrCodes', table: QrCode.logicalName, id: QrCode.primaryIdAttribute },
  { key: 'referralPrograms', table: ReferralProgram.logicalName, id: ReferralProgram.primaryIdAttribute },
  { key: 'dailyStats', table: DailyStat.logicalName, id: DailyStat.primaryIdAttribute },
];

/** Each table's rows of this account, up to COUNT_LIMIT + 1 (only ids are read). */
export async function countAccountData(xrm: Xrm, accountId: string): Promise<RemovalCounts> {
  const id = accountId.replace(/[{}]/g, '').toLowerCase();
  const counts = await Promise.all(
    TABLES.map(async ({ table, id: pk }) => {
      const result = await xrm.WebApi.retrieveMultipleRecords(table, `?$select=${pk}&$filter=_wxm_officialaccountid_value eq ${id}&$top=${COUNT_LIMIT + 1}`);
      return result.entities.length;
    }),
  );
  return Object.fromEntries(TABLES.map((t, i) => [t.key, counts[i] ?? 0])) as RemovalCounts;
}

export interface Confirmation {
  title: string;
  text: string;
  confirmButtonLabel: string;
  cancelButtonLabel: string;
}

/** The dialog's words for these counts and this choice. */
export function confirmation(name: string, counts: RemovalCounts, removeData: boolean, stillAuthorized: boolean, t: Translate): Confirmation {
  const parts = TABLES.filter(({ key }) => counts[key] > 0).map(({ key }) => {
    if (counts[key] === 1) return t(`removal.${key}.one` as StringKey);
    const n = counts[key] > COUNT_LIMIT ? t('removal.many', { n: COUNT_LIMIT.toLocaleString('en-US') }) : counts[key].toLocaleString('en-US');
    return t(`removal.${key}` as StringKey, { n });
  });
  const list = parts.join(t('removal.separator'));
  const data = parts.length === 0 ? t('removal.nothing') : removeData ? t('removal.deleteData', { list }) : t('removal.keepData', { list });
  const paragraphs = [...(stillAuthorized ? [t('removal.stillAuthorized')] : []), t('removal.relay'), data];
  return {
    title: t('removal.title', { name }),
    text: paragraphs.join('\n\n'),
    confirmButtonLabel: removeData ? t('removal.confirmDelete') : t('removal.confirmKeep'),
    cancelButtonLabel: t('removal.cancel'),
  };
}

type ActionControl = XrmControl & {
  addNotification?(n: {
    messages: string[];
    notificationLevel: 'RECOMMENDATION';
    uniqueId: string;
    actions: { message: string; actions: (() => void)[] }[];
  }): boolean;
  clearNotification?(uniqueId?: string): boolean;
};

/** Asks, and on confirmation stamps the request (whole seconds, as Dataverse keeps them). Resolves true when requested. */
export async function requestRemoval(xrm: Xrm, form: XrmFormContext, t: Translate, language: Language, now = Date.now()): Promise<boolean> {
  const id = form.data.entity.getId().replace(/[{}]/g, '').toLowerCase();
  const removeData = form.getAttribute<boolean>(C.RemoveData)?.getValue() === true;
  const stillAuthorized = form.getAttribute<number>(C.AccountStatus)?.getValue() === AccountStatus.Authorized;
  const name = String(form.getAttribute<string>(C.Name)?.getValue() ?? '');
  notify(form, REMOVAL_NOTIFICATION, 'INFO', t('removal.counting'));
  const counts = await countAccountData(xrm, id);
  const { confirmed } = await xrm.Navigation.openConfirmDialog(confirmation(name, counts, removeData, stillAuthorized, t), { height: 420, width: 560 });
  if (!confirmed || !xrm.WebApi.updateRecord) {
    notify(form, REMOVAL_NOTIFICATION, 'INFO', undefined);
    return false;
  }
  const requestedAt = new Date(Math.floor(now / 1000) * 1000).toISOString();
  await xrm.WebApi.updateRecord(OfficialAccount.logicalName, id, { [C.RemovalRequestedOn]: requestedAt, [C.RemoveData]: removeData });
  notify(form, REMOVAL_NOTIFICATION, 'INFO', t('removal.requested', { date: formatDate(requestedAt, language) ?? requestedAt }));
  return true;
}

/** The relay's progress (wxm_RemovalState holds English, then Chinese, on two lines): the user's language only. */
export function showRemovalState(form: XrmFormContext, t: Translate, language: Language): void {
  const lines = (form.getAttribute<string>(C.RemovalState)?.getValue() ?? '').split('\n');
  const own = language === 'zh' ? (lines[1] ?? lines[0]) : lines[0];
  notify(form, REMOVAL_NOTIFICATION, 'INFO', own ? t('removal.state', { state: own }) : undefined);
}

/** On load: the relay's progress, again after each refresh, and the Remove account button (not on a new row). */
export function followAccountRemoval(xrm: Xrm, form: XrmFormContext, t: Translate, language: Language): void {
  showRemovalState(form, t, language);
  form.data.addOnLoad?.(() => showRemovalState(form, t, language));
  if (form.ui.getFormType() === 1) return;
  const control = form.getControl(C.RemoveData) as ActionControl | null;
  control?.clearNotification?.(REMOVAL_NOTIFICATION);
  control?.addNotification?.({
    messages: [t('removal.offer')],
    notificationLevel: 'RECOMMENDATION',
    uniqueId: REMOVAL_NOTIFICATION,
    actions: [{ message: t('removal.action'), actions: [() => void requestRemoval(xrm, form, t, language)] }],
  });
}
