/**
 * The follower sync on the Official Account form: where it stands (running with its progress, paused by WeChat's
 * quota with the resume time and the reason, failed with the reason, completed), and the Sync followers action,
 * which stamps wxm_SyncRequestedOn (the Update step hints the relay; the relay re-reads the row and starts or
 * continues the sync) and then reads the row until the relay answered. Reasons come from the relay as
 * "English\n中文": the user's language is shown.
 */
import { FollowerSyncState, OfficialAccount } from '@wxm/solution/schema';
import { formatDate, notify } from '../../shared/notify.js';
import type { NotificationLevel, Xrm, XrmFormContext } from '../../shared/xrm.js';
import type { Language, Translate } from '../../strings/index.js';
import { offerAction, requestAndWait, rowId, secondsOf, withdrawAction } from './actions.js';

const C = OfficialAccount.columns;

export const SYNC_NOTIFICATIONS = { state: 'wxm-oa-sync', action: 'wxm-oa-sync-action' } as const;

export const SYNC_COLUMNS = [
  C.SyncState,
  C.SyncRequestedOn,
  C.SyncStartedOn,
  C.SyncCompletedOn,
  C.SyncResumeOn,
  C.SyncLastError,
  C.SyncedFollowers,
  C.TotalFollowers,
];

/** A column's value: from the form's attributes, or from a row read back through the Web API. */
export type SyncValues = (column: string) => unknown;

export const formValues =
  (form: XrmFormContext): SyncValues =>
  (column) =>
    form.getAttribute(column)?.getValue() ?? null;

/** The line of a bilingual reason in the user's language (a one-line reason as it is). */
export function reasonIn(reason: unknown, language: Language): string {
  const lines = String(reason ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return (language === 'zh' ? lines[1] : lines[0]) ?? lines[0] ?? '';
}

export function syncMessage(values: SyncValues, t: Translate, language: Language): [NotificationLevel, string] {
  const count = (column: string) => Number(values(column) ?? 0).toLocaleString(language === 'zh' ? 'zh-CN' : 'en-US');
  const date = (column: string) => formatDate(values(column), language) ?? '';
  const progress = { synced: count(C.SyncedFollowers), total: count(C.TotalFollowers) };
  const reason = reasonIn(values(C.SyncLastError), language);
  switch (values(C.SyncState)) {
    case FollowerSyncState.Running:
      return [
        'INFO',
        values(C.TotalFollowers) ? t('sync.running', { date: date(C.SyncStartedOn), ...progress }) : t('sync.starting', { date: date(C.SyncStartedOn) }),
      ];
    case FollowerSyncState.Paused:
      return ['WARNING', t('sync.paused', { date: date(C.SyncResumeOn), reason, ...progress })];
    case FollowerSyncState.Failed:
      return ['ERROR', t('sync.failed', { reason, ...progress })];
    case FollowerSyncState.Completed:
      return ['INFO', t('sync.completed', { date: date(C.SyncCompletedOn), synced: progress.synced })];
    default:
      return ['INFO', t('sync.never')];
  }
}

export function showFollowerSync(xrm: Xrm, form: XrmFormContext, t: Translate, language: Language, values: SyncValues = formValues(form)): void {
  const [level, message] = syncMessage(values, t, language);
  notify(form, SYNC_NOTIFICATIONS.state, level, message);
  const state = values(C.SyncState);
  if (state === FollowerSyncState.Running) return withdrawAction(form, C.SyncState, SYNC_NOTIFICATIONS.action);
  const offer = t(state === FollowerSyncState.Paused ? 'sync.offerResume' : 'sync.offer');
  offerAction(form, C.SyncState, SYNC_NOTIFICATIONS.action, offer, t('sync.action'), () => {
    withdrawAction(form, C.SyncState, SYNC_NOTIFICATIONS.action);
    notify(form, SYNC_NOTIFICATIONS.state, 'INFO', t('sync.requested', { date: formatDate(new Date(), language) ?? '' }));
    void requestAndWait(xrm, form, C.SyncRequestedOn, {
      select: SYNC_COLUMNS,
      // Started (a fresh run stamps its start), continuing (Running again), or already done (a small account).
      answered: (row, at) =>
        row[C.SyncState] === FollowerSyncState.Running ||
        secondsOf(row[C.SyncStartedOn]) >= secondsOf(at) ||
        secondsOf(row[C.SyncCompletedOn]) >= secondsOf(at),
    }).then((row) => {
      if (!row) return notify(form, SYNC_NOTIFICATIONS.state, 'WARNING', t('sync.timeout'));
      showFollowerSync(xrm, form, t, language, (column) => row[column] ?? null);
      if (row[C.SyncState] === FollowerSyncState.Running) watchWhileRunning(xrm, form, t, language);
    });
  });
}

/** While the sync runs, the progress is read again every few seconds (a page is 10,000 followers). */
export function watchWhileRunning(xrm: Xrm, form: XrmFormContext, t: Translate, language: Language, everyMs = 5000, tries = 240): void {
  const retrieve = xrm.WebApi.retrieveRecord;
  if (!retrieve || tries <= 0) return;
  setTimeout(() => {
    void retrieve(form.data.entity.getEntityName(), rowId(form), `?$select=${SYNC_COLUMNS.join(',')}`).then(
      (row) => {
        showFollowerSync(xrm, form, t, language, (column) => row[column] ?? null);
        if (row[C.SyncState] === FollowerSyncState.Running) watchWhileRunning(xrm, form, t, language, everyMs, tries - 1);
      },
      () => undefined,
    ); // a failed read ends the watch; the next load of the form shows the state again
  }, everyMs);
}

/** On load and after each refresh of the form's data: the state, and the watch while it runs. */
export function followFollowerSync(xrm: Xrm, form: XrmFormContext, t: Translate, language: Language): void {
  const show = () => {
    showFollowerSync(xrm, form, t, language);
    if (formValues(form)(C.SyncState) === FollowerSyncState.Running) watchWhileRunning(xrm, form, t, language);
  };
  show();
  form.data.addOnLoad?.(show);
}
