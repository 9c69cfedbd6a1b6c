/**
 * The connection status notification: the row's own status (wxm_connectionstatus and the reason the relay
 * wrote in both languages), replaced by the relay's live answer when it has one, which also covers
 * credentials too wrong for the relay to write into the row at all.
 */
import { ConnectionStatus, SignedService } from '@wxm/solution/schema';
import { notify } from '../../shared/notify.js';
import type { SignedServiceState, SignedServiceStatus } from '../../shared/relay.js';
import type { NotificationLevel, XrmFormContext } from '../../shared/xrm.js';
import type { Language, Translate } from '../../strings/index.js';

const C = SignedService.columns;

export const STATUS_NOTIFICATION = 'wxm-status';

const BY_VALUE: Record<number, SignedServiceState> = {
  [ConnectionStatus.Pending]: 'pending',
  [ConnectionStatus.Connected]: 'connected',
  [ConnectionStatus.Failed]: 'failed',
  [ConnectionStatus.Revoked]: 'revoked',
};

const LEVEL: Record<SignedServiceState, NotificationLevel> = { connected: 'INFO', pending: 'WARNING', failed: 'ERROR', revoked: 'WARNING' };

export interface StatusView {
  state: SignedServiceState;
  /** In the user's language; empty when nobody wrote one yet. */
  reason: string;
}

export function rowStatus(form: XrmFormContext, language: Language): StatusView | undefined {
  const value = form.getAttribute<number>(C.ConnectionStatus)?.getValue();
  const state = typeof value === 'number' ? BY_VALUE[value] : undefined;
  if (!state) return undefined;
  const reason = form.getAttribute<string>(language === 'zh' ? C.StatusReasonZh : C.StatusReasonEn)?.getValue() ?? '';
  return { state, reason };
}

export function liveStatus(live: SignedServiceStatus, language: Language): StatusView {
  return { state: live.state, reason: live[language] };
}

export function showStatus(form: XrmFormContext, t: Translate, view: StatusView | undefined): void {
  if (!view) {
    notify(form, STATUS_NOTIFICATION, 'INFO', undefined);
    return;
  }
  const state = t(`ss.state.${view.state}`);
  const text = view.reason ? t('ss.status', { state, reason: view.reason }) : t('ss.statusNoReason', { state });
  notify(form, STATUS_NOTIFICATION, LEVEL[view.state], text);
}

export function showChecking(form: XrmFormContext, t: Translate): void {
  notify(form, STATUS_NOTIFICATION, 'INFO', t('ss.checking'));
}
