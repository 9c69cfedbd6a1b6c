/**
 * After Send: how many rows were created, then their delivery as the relay writes it back (read every 2 seconds
 * for a minute), with each failure's reason in the reader's language.
 */
import { h } from '../../shared/dom.js';
import type { Xrm } from '../../shared/xrm.js';
import type { Language } from '../../strings/index.js';
import type { ComposerTranslate } from '../../strings/composer.js';
import { deliveryOf, type Created } from './send.js';

const reasonIn = (reason: string, language: Language) => {
  const lines = reason
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return (language === 'zh' ? lines[1] : lines[0]) ?? lines[0] ?? '';
};

export function watchDelivery(xrm: Xrm, into: HTMLElement, created: Created, t: ComposerTranslate, language: Language, everyMs = 2000, tries = 30): void {
  into.replaceChildren(h(document, 'p', { id: 'result-state' }, t('tc.created', { count: created.ids.length })));
  if ('error' in created)
    into.append(h(document, 'p', { class: 'error', id: 'result-error' }, t('tc.createFailed', { count: created.ids.length, reason: created.error })));
  if (created.ids.length === 0) return;
  const status = h(document, 'p', { class: 'muted', id: 'result-status' });
  const failures = h(document, 'ul', { class: 'error', id: 'result-failures' });
  into.append(status, failures);
  const poll = async (left: number): Promise<void> => {
    const d = await deliveryOf(xrm, created.ids);
    status.textContent = t('tc.status', { delivered: d.delivered, sent: d.sent, pending: d.pending, failed: d.failed.length });
    failures.replaceChildren(...d.failed.map((f) => h(document, 'li', {}, t('tc.failedRow', { name: f.name, reason: reasonIn(f.reason, language) }))));
    if (d.pending + d.sent > 0 && left > 0) setTimeout(() => void poll(left - 1).catch(() => undefined), everyMs);
  };
  void poll(tries).catch(() => undefined);
}
