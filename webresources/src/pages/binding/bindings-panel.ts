/**
 * The person's bindings: follower, method, when; "Remove" (after a confirmation that says what stays) deletes the
 * binding row. Who may remove is Dataverse's answer: a binding belongs to whoever made its code (the relay creates
 * it so), the Administrator role deletes any, an Operator only their own (Delete at Basic depth): an employee removes
 * their own WeChat's binding, a salesperson those of the customers they bound. Dataverse's refusal (0x80040220) is
 * said in words; any other error is shown as it comes.
 */
import { h } from '../../shared/dom.js';
import type { Translate } from '../../strings/index.js';
import { bindingsOf, followerName, removeBinding, type BindingRow } from './api.js';
import { followerLabel } from './code-panel.js';
import type { Target } from './target.js';
import type { BindingXrm } from './xrm-binding.js';

export interface BindingsPanelDeps {
  doc: Document;
  xrm: BindingXrm;
  t: Translate;
  locale: string;
}

export class BindingsPanel {
  readonly element: HTMLElement;
  #target: Target | undefined;

  constructor(private readonly d: BindingsPanelDeps) {
    this.element = h(d.doc, 'section', { id: 'bindings', class: 'card' });
  }

  async load(target: Target, notice?: string): Promise<void> {
    this.#target = target;
    const { doc, t } = this.d;
    try {
      const rows = await bindingsOf(this.d.xrm, target);
      if (this.#target !== target) return;
      const names = await Promise.all(rows.map((r) => followerName(this.d.xrm, r.followerId).catch(() => ({ openid: r.followerId }))));
      if (this.#target !== target) return;
      const body = rows.length
        ? h(
            doc,
            'table',
            {},
            h(
              doc,
              'thead',
              {},
              h(doc, 'tr', {}, h(doc, 'th', {}, t('bind.follower')), h(doc, 'th', {}, t('bind.method')), h(doc, 'th', {}, t('bind.boundOn')), h(doc, 'th', {})),
            ),
            h(
              doc,
              'tbody',
              {},
              rows.map((row, i) => this.#row(row, followerLabel(t, names[i]!))),
            ),
          )
        : h(doc, 'p', { class: 'muted', id: 'no-bindings' }, t('bind.noBindings'));
      this.element.replaceChildren(
        ...[h(doc, 'h2', {}, t('bind.bindings')), notice ? h(doc, 'p', { class: 'ok', id: 'bindings-notice' }, notice) : null, body].filter((n) => n !== null),
      );
    } catch (error) {
      this.element.replaceChildren(h(doc, 'h2', {}, t('bind.bindings')), this.#error(error));
    }
  }

  #row(row: BindingRow, follower: string): HTMLElement {
    const { doc, t } = this.d;
    const method = row.method === 'scan' ? t('bind.methodScan') : row.method === 'web' ? t('bind.methodWeb') : '';
    const when = row.boundOn ? row.boundOn.toLocaleString(this.d.locale, { dateStyle: 'medium', timeStyle: 'short' }) : '';
    const remove = h(doc, 'button', { type: 'button', class: 'secondary', 'data-remove': row.id }, t('bind.remove'));
    remove.addEventListener('click', () => void this.#remove(row.id));
    return h(doc, 'tr', { 'data-binding': row.id }, h(doc, 'td', {}, follower), h(doc, 'td', {}, method), h(doc, 'td', {}, when), h(doc, 'td', {}, remove));
  }

  async #remove(id: string): Promise<void> {
    const { t, xrm } = this.d;
    const answer = await xrm.Navigation.openConfirmDialog({
      title: t('bind.removeTitle'),
      text: t('bind.removeText'),
      confirmButtonLabel: t('bind.removeConfirm'),
      cancelButtonLabel: t('bind.cancel'),
    });
    if (!answer.confirmed || !this.#target) return;
    try {
      await removeBinding(xrm, id);
      await this.load(this.#target, t('bind.removed'));
    } catch (error) {
      this.element.append(
        isAccessDenied(error) ? h(this.d.doc, 'p', { class: 'error', role: 'alert', id: 'remove-refused' }, t('bind.removeNotYours')) : this.#error(error),
      );
    }
  }

  #error(error: unknown): HTMLElement {
    return h(this.d.doc, 'p', { class: 'error', role: 'alert' }, this.d.t('bind.error', { message: error instanceof Error ? error.message : String(error) }));
  }
}

/**
 * Xrm.WebApi's errors carry Dataverse's code as a positive decimal (0x80040220, missing privilege or access, is
 * 2147746336): https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-webapi/deleterecord
 */
const ACCESS_DENIED = 0x80040220;
function isAccessDenied(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { errorCode?: unknown }).errorCode === ACCESS_DENIED;
}
