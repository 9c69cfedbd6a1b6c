/**
 * The webhook hints of the subscription tables: a template saved (add, sync or delete: templates.ts) and a message
 * created (send: send-message.ts). Consent rows need no hint: the relay reads them when it sends.
 */
import type { DataverseHint } from '../webhook/hint.js';
import type { SubscriptionDeps } from './deps.js';
import { isSubscriptionMessageHint, onSubscriptionMessageCreated } from './send-message.js';
import { isSubscriptionTemplateHint, onSubscriptionTemplateSaved } from './templates.js';

export const isSubscriptionHint = (hint: Pick<DataverseHint, 'table' | 'message'>): boolean =>
  isSubscriptionTemplateHint(hint) || isSubscriptionMessageHint(hint);

export async function onSubscriptionHint(hint: DataverseHint, deps: SubscriptionDeps): Promise<'done' | 'skipped'> {
  const outcome = isSubscriptionMessageHint(hint) ? await onSubscriptionMessageCreated(hint, deps) : await onSubscriptionTemplateSaved(hint, deps);
  return outcome === 'skipped' ? 'skipped' : 'done';
}
