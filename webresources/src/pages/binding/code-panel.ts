/**
 * The binding code panel: "Show binding QR code" creates the code row, waits (bounded) for the relay to fill its
 * image, shows it with its expiry counting down, and waits (until the code expires) for the binding its scan
 * makes: "Bound to <follower>". A new code stops the previous one's waiting.
 */
import { h } from '../../shared/dom.js';
import type { Translate } from '../../strings/index.js';
import { bindingOfCode, CODE_SECONDS, createBindingCode, followerName, readCode, type Account, type BindingRow, type CodeState } from './api.js';
import { poll } from './poll.js';
import type { Target } from './target.js';
import type { BindingXrm } from './xrm-binding.js';

/** How often and how long the page asks for the relay's image, and for the scan's binding. */
export const TIMING = { imageEveryMs: 1500, imageForMs: 45_000, bindingEveryMs: 3000 };

export interface CodePanelDeps {
  doc: Document;
  xrm: BindingXrm;
  t: Translate;
  locale: string;
  /** Called when a scan made a binding (the list reloads). */
  onBound(binding: BindingRow): void;
}

export function followerLabel(t: Translate, f: { name?: string; openid: string }): string {
  return f.name ?? t('bind.unnamedFollower', { tail: f.openid.slice(-6) });
}

export class CodePanel {
  readonly element: HTMLElement;
  #generation = 0;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(private readonly d: CodePanelDeps) {
    this.element = h(d.doc, 'section', { id: 'code', 'aria-live': 'polite' });
  }

  async show(account: Account, target: Target, personName: string): Promise<void> {
    const generation = ++this.#generation;
    const stopped = () => generation !== this.#generation;
    this.#stopCountdown();
    const { doc, t } = this.d;
    this.#say('creating', t('bind.creating'));
    try {
      const codeId = await createBindingCode(this.d.xrm, { account, target, name: `${t('bind.title')} · ${personName}` });
      const state = await poll<CodeState>(
        async () => {
          const s = await readCode(this.d.xrm, codeId);
          return s.kind === 'pending' ? undefined : s;
        },
        { intervalMs: TIMING.imageEveryMs, deadline: Date.now() + TIMING.imageForMs, stopped },
      );
      if (stopped()) return;
      if (!state) return this.#say('slow', t('bind.slow'), 'warn');
      if (state.kind === 'failed') return this.#say('failed', t('bind.failed', { reason: state.reason }), 'error');
      if (state.kind !== 'ready') return;
      const status = h(doc, 'p', { id: 'code-status', 'data-state': 'waiting' }, t('bind.waiting'));
      const expiry = h(doc, 'p', { id: 'code-expiry' });
      this.element.replaceChildren(
        h(doc, 'h2', {}, t('bind.scan')),
        h(doc, 'img', { id: 'code-image', src: state.image, alt: t('bind.scan'), width: '220', height: '220' }),
        expiry,
        h(doc, 'p', { class: 'muted' }, t('bind.single', { minutes: Math.round(CODE_SECONDS / 60) })),
        status,
      );
      this.#countdown(expiry, status, state.expiresOn, generation);
      if (!state.image.startsWith('data:')) void this.#storedImage(codeId, stopped);
      const binding = await poll(() => bindingOfCode(this.d.xrm, codeId), {
        intervalMs: TIMING.bindingEveryMs,
        deadline: state.expiresOn.getTime(),
        stopped,
      });
      if (stopped() || !binding) return;
      const follower = await followerName(this.d.xrm, binding.followerId);
      if (stopped()) return;
      this.#stopCountdown();
      status.dataset.state = 'bound';
      status.className = 'ok';
      status.textContent = t('bind.bound', { follower: followerLabel(t, follower) });
      expiry.textContent = '';
      this.d.onBound(binding);
    } catch (error) {
      if (!stopped()) this.#say('error', t('bind.error', { message: error instanceof Error ? error.message : String(error) }), 'error');
    }
  }

  #say(state: string, text: string, cls = 'muted'): void {
    this.element.replaceChildren(h(this.d.doc, 'p', { id: 'code-status', 'data-state': state, class: cls }, text));
  }

  #countdown(expiry: HTMLElement, status: HTMLElement, expiresOn: Date, generation: number): void {
    const time = expiresOn.toLocaleTimeString(this.d.locale, { hour: '2-digit', minute: '2-digit' });
    const tick = () => {
      if (generation !== this.#generation) return this.#stopCountdown();
      const left = Math.max(0, Math.round((expiresOn.getTime() - Date.now()) / 1000));
      if (left === 0) {
        this.#stopCountdown();
        expiry.textContent = '';
        status.dataset.state = 'expired';
        status.className = 'warn';
        status.textContent = this.d.t('bind.expired');
        this.element.querySelector('#code-image')?.classList.add('expired');
        return;
      }
      expiry.textContent = this.d.t('bind.expiresAt', { time, left: `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}` });
    };
    tick();
    this.#timer = setInterval(tick, 1000);
  }

  /**
   * The relay marks a code Synced with WeChat's image URL before it has stored the PNG (the code is recorded before
   * anything else can fail): the page shows the URL at once and swaps in the stored image when it lands, asking a
   * few more times only. Without one (WeChat's image could not be fetched), the URL stays: it shows the same code.
   */
  async #storedImage(codeId: string, stopped: () => boolean): Promise<void> {
    const image = await poll<string>(
      async () => {
        const s = await readCode(this.d.xrm, codeId);
        return s.kind === 'ready' && s.image.startsWith('data:') ? s.image : undefined;
      },
      { intervalMs: TIMING.imageEveryMs, deadline: Date.now() + 10 * TIMING.imageEveryMs, stopped },
    ).catch(() => undefined);
    if (image && !stopped()) this.element.querySelector('#code-image')?.setAttribute('src', image);
  }

  #stopCountdown(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
