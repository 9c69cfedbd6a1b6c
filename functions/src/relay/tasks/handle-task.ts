/**
 * The relay-tasks queue worker: work that follows a callback or a webhook but must not delay the answer. A
 * thrown error leaves the message on the queue for a retry (and the poison queue after 5 attempts); outcomes
 * that a retry cannot change are logged and completed instead.
 */
import type { RelayTask } from '../envelope.js';
import { AuthorizationFailed } from '../errors.js';
import { exchangeAuthorizationCode, type ExchangeDeps } from '../authorization/exchange-code.js';
import { onOutboundMessageCreated, type OutboundDeps } from '../outbound/send-outbound.js';
import { onSignedServiceSaved } from '../signed-services/connect.js';
import { onSignedServiceDeleted } from '../signed-services/deleted.js';
import type { SignedServiceDeps } from '../signed-services/deps.js';
import type { DataverseHint } from '../webhook/hint.js';
import { onQuotaHint, QUOTA_TABLE, type QuotaDeps } from '../accounts/quota-hint.js';
import { SIGNED_SERVICE_TABLE, MESSAGE_TABLE } from '../webhook/tables.js';
import { isAccountDelete, onAccountRowDeleted } from '../lifecycle/account-deleted.js';
import { isRemovalRequest, onRemovalRequested, runRemovalStep, type RemovalDeps } from '../lifecycle/remove-account.js';
import { onQrCodeSaved, QRCODE_TABLE, type QrCodeDeps } from '../qrcodes/create-code.js';
import { isAutoReplyHint, onAutoReplyHint } from '../autoreplies/rule-sync.js';
import { isAccountAuthorizedHint, onAccountAuthorized, type ConsoleImportDeps } from '../autoreplies/import-console.js';
import { isTagHint, onTagHint } from '../tags/tag-hint.js';
import type { TagDeps } from '../tags/tag-deps.js';
import { isMaterialHint, onMaterialSaved, type MaterialDeps } from '../materials/upload-row.js';
import { isMenuHint, onMenuHint } from '../menus/publish-menu.js';
import { importLiveMenu } from '../menus/import-live.js';
import { isMenuDeleteHint, onMenuDeleted } from '../menus/menu-deleted.js';
import type { MenuDeps } from '../menus/menu-deps.js';
import { isSyncRequest, onSyncRequested } from '../followers/sync-hint.js';
import { runSyncStep } from '../followers/sync-step.js';
import type { FollowerSyncDeps } from '../followers/sync-deps.js';
import { dispatchWechatEvent } from '../events/dispatch.js';
import { isTemplateHint, isTemplateSyncCandidate, onTemplateHint } from '../templates/template-hint.js';
import type { TemplateDeps } from '../templates/deps.js';
import { isSubscriptionHint, onSubscriptionHint } from '../subscriptions/hint.js';
import type { SubscriptionDeps } from '../subscriptions/deps.js';
import { isBroadcastHint, onBroadcastHint } from '../broadcasts/broadcast-hint.js';
import type { BroadcastDeps } from '../broadcasts/deps.js';
import { isUserHint, onUserChanged, type DisabledUserDeps } from '../binding/disabled-users.js';

export interface TaskDeps extends ExchangeDeps {
  signedServices: SignedServiceDeps;
  outbound: OutboundDeps;
  /** QR codes made from saved rows (relay/qrcodes); optional so a relay without it still routes everything else. */
  qrcodes?: QrCodeDeps;
  /** Auto-reply rules compiled from saved rows, the MP console's imported at authorization (relay/autoreplies). */
  autoreplies?: ConsoleImportDeps;
  /** Tags both ways (relay/tags); optional so a relay without it still routes everything else. */
  tags?: TagDeps;
  /** Materials: a saved wxm_material row uploaded from its note (relay/materials); optional like qrcodes. */
  materials?: MaterialDeps;
  /** Menus: Publish and Import on wxm_menu rows (relay/menus); optional like qrcodes. */
  menus?: MenuDeps;
  /** Template messages and the template catalogue (relay/templates); optional like qrcodes. */
  templates?: TemplateDeps;
  /** Subscription notifications and Mini Program subscribe messages (relay/subscriptions); optional like qrcodes. */
  subscriptions?: SubscriptionDeps;
  /** Mass sends and active pushes (relay/broadcasts); optional like qrcodes. */
  broadcasts?: BroadcastDeps;
  /** A user disabled: their bindings end (relay/binding/disabled-users.ts); optional like qrcodes. */
  users?: DisabledUserDeps;
  followers: FollowerSyncDeps;
  quota: QuotaDeps;
  lifecycle: RemovalDeps;
}

export type TaskOutcome = 'done' | 'skipped';

export async function handleRelayTask(task: RelayTask, deps: TaskDeps): Promise<TaskOutcome> {
  switch (task.type) {
    case 'exchange-authorization-code':
      return exchangeFromEvent(task.authorizationCode, task.authorizerAppid, deps);
    case 'release-test-api-reply': {
      // 全网发布 case 4: exchange the test code, then answer through the customer-service API.
      const record = await exchangeAuthorizationCode(task.queryAuthCode, deps);
      await deps.outbound.customerService.sendText(record.appid, task.openid, `${task.queryAuthCode}_from_api`);
      deps.logger.info('release test API reply sent', { authorizerAppid: record.appid });
      return 'done';
    }
    case 'dataverse-hint':
      return onHint(task.hint, deps);
    case 'account-authorized-again':
      return onAuthorizedAgain({ organizationId: task.organizationId, rowId: task.officialAccountId }, deps);
    case 'account-removal-step':
      return (await runRemovalStep(task.organizationId, task.accountId, deps.lifecycle)) === 'skipped' ? 'skipped' : 'done';
    case 'follower-sync-step':
      return (await runSyncStep(task, deps.followers)) === 'skipped' ? 'skipped' : 'done';
    case 'wechat-event':
      // Events delivery forwarded (relay/events/forwarded.ts) to their owner's handler (relay/events/dispatch.ts).
      return dispatchWechatEvent(task, deps);
    default: {
      const unknown = task as { type?: unknown };
      deps.logger.error('unknown relay task dropped', { type: String(unknown.type) });
      return 'skipped';
    }
  }
}

async function onHint(hint: DataverseHint, deps: TaskDeps): Promise<TaskOutcome> {
  if (hint.table === SIGNED_SERVICE_TABLE) {
    if (hint.message === 'Delete') return (await onSignedServiceDeleted(hint, deps.signedServices)) === 'revoked' ? 'done' : 'skipped';
    await onSignedServiceSaved(hint, deps.signedServices);
    return 'done';
  }
  if (hint.table === MESSAGE_TABLE && hint.message === 'Create') {
    return (await onOutboundMessageCreated(hint, deps.outbound)) === 'skipped' ? 'skipped' : 'done';
  }
  // The account table's one Update step carries every request its form stamps (Remove account, Sync templates, Check /
  // Reset quota, Sync followers). Each route re-reads the row and acts only on what it asks, and one save may ask
  // several, so each of them runs; Remove account alone ends the routing (nothing else is done for an account going).
  if (isRemovalRequest(hint) && (await onRemovalRequested(hint, deps.lifecycle)) !== 'skipped') return 'done';
  if (isAccountDelete(hint)) return (await onAccountRowDeleted(hint, deps.lifecycle)) === 'removed' ? 'done' : 'skipped';
  const templatesSynced = deps.templates && isTemplateSyncCandidate(hint) ? (await onTemplateHint(hint, deps.templates)) === 'done' : false;
  const quotaDone = hint.table === QUOTA_TABLE && hint.message === 'Update' && (await onQuotaHint(hint, deps.quota)) !== 'skipped';
  const syncStarted = isSyncRequest(hint) && ['started', 'resumed'].includes(await onSyncRequested(hint, deps.followers));
  const accountRequests = templatesSynced || quotaDone || syncStarted;
  // Template messages sent, templates added or deleted (relay/templates).
  if (deps.templates && isTemplateHint(hint)) return (await onTemplateHint(hint, deps.templates)) === 'skipped' ? 'skipped' : 'done';
  // A user disabled (systemuser Update of isdisabled): their bindings end (relay/binding/disabled-users.ts).
  if (deps.users && isUserHint(hint)) return (await onUserChanged(hint, deps.users)).status === 'ended' ? 'done' : 'skipped';
  // QR codes: a saved row is made in WeChat once (relay/qrcodes/create-code.ts).
  if (hint.table === QRCODE_TABLE && hint.message !== 'Delete' && deps.qrcodes) {
    return (await onQrCodeSaved(hint, deps.qrcodes)) === 'skipped' ? 'skipped' : 'done';
  }
  // Materials: a saved row's note uploaded to WeChat once (relay/materials/upload-row.ts).
  if (deps.materials && isMaterialHint(hint)) return (await onMaterialSaved(hint, deps.materials)) === 'skipped' ? 'skipped' : 'done';
  // Tags: a saved, renamed or deleted wxm_tag row, and follower–tag pairings (relay/tags/tag-hint.ts).
  if (deps.tags && isTagHint(hint)) return onTagHint(hint, deps.tags);
  // Menus: Publish or Import stamped on a wxm_menu row (relay/menus/publish-menu.ts).
  if (deps.menus && isMenuHint(hint)) return (await onMenuHint(hint, deps.menus)) === 'skipped' ? 'skipped' : 'done';
  if (deps.menus && isMenuDeleteHint(hint)) return (await onMenuDeleted(hint, deps.menus)) === 'deleted' ? 'done' : 'skipped';
  // Subscription templates added, synced or deleted, and subscription messages sent (relay/subscriptions/hint.ts).
  if (deps.subscriptions && isSubscriptionHint(hint)) return onSubscriptionHint(hint, deps.subscriptions);
  // Broadcasts: reach estimate, Preview, Send (now or scheduled) and Delete of a wxm_broadcast row (relay/broadcasts).
  if (deps.broadcasts && isBroadcastHint(hint)) return (await onBroadcastHint(hint, deps.broadcasts)) === 'skipped' ? 'skipped' : 'done';
  // Auto replies: a rule saved or deleted compiles the account's set; an account row created imports the MP console's
  // rules once (relay/autoreplies). Last, so every other route of the account table ran first.
  if (deps.autoreplies && isAutoReplyHint(hint)) return (await onAutoReplyHint(hint, deps.autoreplies)) === 'skipped' ? 'skipped' : 'done';
  // An account connected: its live menu becomes a wxm_menu row once (relay/menus/import-live.ts); auto replies follow.
  if (deps.menus && isAccountAuthorizedHint(hint)) await importLiveMenu(hint, deps.menus);
  if (deps.autoreplies && isAccountAuthorizedHint(hint)) return (await onAccountAuthorized(hint, deps.autoreplies)) === 'imported' ? 'done' : 'skipped';
  return accountRequests ? 'done' : 'skipped';
}

/** What the MP console gained while the relay was not answering: its live menu and auto replies, never twice. */
async function onAuthorizedAgain(target: { organizationId: string; rowId: string }, deps: TaskDeps): Promise<TaskOutcome> {
  const menu = deps.menus ? await importLiveMenu(target, deps.menus) : 'skipped';
  const rules = deps.autoreplies ? await onAccountAuthorized(target, deps.autoreplies) : 'skipped';
  return menu === 'imported' || rules === 'imported' ? 'done' : 'skipped';
}

async function exchangeFromEvent(code: string, authorizerAppid: string, deps: TaskDeps): Promise<TaskOutcome> {
  try {
    await exchangeAuthorizationCode(code, deps);
    return 'done';
  } catch (err) {
    if (!(err instanceof AuthorizationFailed)) throw err; // network or storage: retry from the queue
    // The browser flow may have refused this account (wrong original ID) or WeChat may have expired the code:
    // retrying cannot help. The account can always authorize again.
    deps.logger.warn('authorization event not applied', { authorizerAppid, reason: err.messageKey });
    return 'skipped';
  }
}
