/**
 * POST /api/dataverse/webhook: a hint that a Signed Service or an outbound message changed. It is queued and
 * answered at once (Dataverse waits for webhooks); the worker re-reads the row with the org's own credentials.
 *
 * Before anything is queued the hint must carry the key of the org it names (webhook-key.ts), compared in
 * constant time: a customer admin holds their own org's key only, so they cannot make the relay work on hints
 * about anyone else's org. Bad bodies are refused first (400), then a wrong or missing key (401).
 */
import type { RelayTask } from '../envelope.js';
import { persist } from '../persist.js';
import { DeliveryStatus, Direction, Message, SignedService } from '@wxm/solution/schema';
import type { Queue, SecretBox } from '../ports/storage.js';
import type { Logger } from '../ports/logger.js';
import { CallbackRejected } from '../errors.js';
import { parseHint } from './hint.js';
import { isQrCodeHint } from '../qrcodes/create-code.js';
import { isAutoReplyHint } from '../autoreplies/rule-sync.js';
import { isAccountAuthorizedHint } from '../autoreplies/import-console.js';
import { isTagHint } from '../tags/tag-hint.js';
import { isMaterialHint } from '../materials/upload-row.js';
import { isTemplateHint } from '../templates/template-hint.js';
import { isSubscriptionHint } from '../subscriptions/hint.js';
import { isBroadcastHint } from '../broadcasts/broadcast-hint.js';
import { isAccountDelete } from '../lifecycle/account-deleted.js';
import { isMenuDeleteHint } from '../menus/menu-deleted.js';
import { isUserHint } from '../binding/disabled-users.js';
import type { WebhookKeys } from './webhook-key.js';
import { MESSAGE_TABLE, REQUEST_TABLES, SEALED_SECRET, SIGNED_SERVICE_TABLE } from './tables.js';

export interface AcceptHintDeps {
  tasks: Queue<RelayTask>;
  secretBox: SecretBox;
  webhookKeys: WebhookKeys;
  logger: Logger;
}

export async function acceptHint(body: string, presentedKey: string | null | undefined, deps: AcceptHintDeps): Promise<'queued' | 'ignored'> {
  const hint = parseHint(body);
  // Logged with the org it claimed, never with what was presented.
  if (!deps.webhookKeys.verify(hint.organizationId, presentedKey)) {
    throw new CallbackRejected('signature', `webhook key ${presentedKey ? 'wrong' : 'missing'} for organization ${hint.organizationId}`);
  }
  const relevant =
    hint.table === SIGNED_SERVICE_TABLE ||
    (hint.table === MESSAGE_TABLE && hint.message === 'Create') ||
    isAccountDelete(hint) ||
    (hint.message === 'Update' && REQUEST_TABLES.includes(hint.table)) ||
    isQrCodeHint(hint) ||
    isAutoReplyHint(hint) ||
    isAccountAuthorizedHint(hint) ||
    isMaterialHint(hint) ||
    isTagHint(hint) ||
    isMenuDeleteHint(hint) ||
    isTemplateHint(hint) ||
    isSubscriptionHint(hint) ||
    isBroadcastHint(hint) ||
    isUserHint(hint);
  if (!relevant || claimsInbound(hint.table, hint.attributes) || claimsSent(hint.table, hint.attributes)) {
    deps.logger.info('webhook for a change the relay does not act on', { table: hint.table, message: hint.message });
    return 'ignored';
  }
  // Only what the worker needs travels further, and a client secret only sealed: queues are storage too.
  const { attributes, ...rest } = hint;
  const safe = { ...rest, attributes: pick(attributes, deps.secretBox) };
  await persist('queue webhook hint', () => deps.tasks.enqueue({ v: 1, type: 'dataverse-hint', hint: safe }));
  deps.logger.info('webhook hint queued', { table: hint.table, message: hint.message, organizationId: hint.organizationId });
  return 'queued';
}

/**
 * A message row created as inbound is one the relay itself wrote (delivery); the worker would re-read it only to
 * skip it (outbound/send-outbound.ts acts on outbound rows alone), so under inbound load every delivered row would
 * cost a task and a Dataverse read. Trusting the claimed direction is safe: ignoring a hint is the safe
 * direction (a forged "inbound" can at most delay its own org's outbound row, and only the org's key holder can
 * send it), while a hint that claims outbound is still re-read before anything is sent.
 * https://learn.microsoft.com/power-apps/developer/data-platform/use-webhooks#request-body
 */
function claimsInbound(table: string, attributes: Record<string, unknown>): boolean {
  return table === MESSAGE_TABLE && attributes[Message.columns.Direction] === Direction.Inbound;
}

/**
 * A message row created already Sent: the relay's own auto replies (relay/autoreplies/reply-row.ts). The send path
 * would re-read it only to skip it (it sends Pending rows only), so it costs no task and no Dataverse read; a forged
 * claim can hold back nothing, because the real row's own hint says what it really is.
 */
function claimsSent(table: string, attributes: Record<string, unknown>): boolean {
  return table === MESSAGE_TABLE && attributes[Message.columns.DeliveryStatus] === DeliveryStatus.Sent;
}

/** Attributes the worker may use as a starting point (which account, which credentials to try). */
function pick(attributes: Record<string, unknown>, box: SecretBox): Record<string, unknown> {
  const keep = ['wxm_environmenturl', 'wxm_tenantid', 'wxm_clientid', 'wxm_cloud', 'wxm_officialaccountid'];
  const picked = Object.fromEntries(Object.entries(attributes).filter(([k]) => keep.includes(k)));
  const secret = attributes[SignedService.columns.ClientSecret];
  if (typeof secret === 'string' && secret.trim()) picked[SEALED_SECRET] = box.seal(secret.trim());
  return picked;
}
