/**
 * The next step after the result. Inside Dynamics, with exactly one connected Signed Service: "Connect to
 * this environment" writes the AppId and the binding token into it (connect.ts), asking first when it serves
 * another account now, then follows the relay's conclusion in the row. Otherwise: a new Signed Service form
 * with the AppId and the token filled in (Xrm.Navigation.openForm). Outside the app: a link to a new record
 * with the AppId only (a URL never carries the token) and the token to copy.
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-navigation/openform
 */
import { SignedService } from '@wxm/solution/schema';
import { h } from '../../shared/dom.js';
import type { Xrm } from '../../shared/xrm.js';
import { connectedSignedServices, connectThrough, waitForConnection, type ConnectedService } from './connect.js';
import type { AuthorizationReturn } from './message.js';
import type { ResultContext } from './result-view.js';

const C = SignedService.columns;

/** `again` ("Authorize another account") sits beside whichever button the step offers. */
export function renderNextStep(box: HTMLElement, result: AuthorizationReturn, ctx: ResultContext, again: HTMLElement): void {
  const { doc, t, xrm } = ctx;
  if (!xrm) {
    const href = `/main.aspx?pagetype=entityrecord&etn=${SignedService.logicalName}&extraqs=${encodeURIComponent(`${C.AppId}=${result.appid}`)}`;
    box.replaceChildren(
      h(doc, 'p', { id: 'next' }, t('result.nextOutside')),
      h(doc, 'div', { class: 'actions' }, h(doc, 'a', { class: 'button', id: 'create-signed-service', href }, t('result.createSignedService')), ' ', again),
    );
    return;
  }
  box.replaceChildren(h(doc, 'p', { id: 'next', class: 'muted' }, t('result.checking')), h(doc, 'div', { class: 'actions' }, again));
  connectedSignedServices(xrm).then(
    (services) => {
      if (services.length === 1 && services[0]) offerConnect(box, result, services[0], xrm, ctx, again);
      else offerCreate(box, result, xrm, ctx, again, services.length > 1 ? t('result.several', { count: services.length }) : t('result.next'));
    },
    (error: unknown) =>
      offerCreate(box, result, xrm, ctx, again, t('result.lookupFailed', { message: error instanceof Error ? error.message : String(error) })),
  );
}

function offerCreate(box: HTMLElement, result: AuthorizationReturn, xrm: Xrm, ctx: ResultContext, again: HTMLElement, text: string): void {
  const { doc, t } = ctx;
  const create = h(doc, 'button', { type: 'button', id: 'create-signed-service' }, t('result.createSignedService'));
  // AppId only: form parameters travel in the app's address (extraqs), and the token never goes into a URL.
  create.addEventListener('click', () => void xrm.Navigation.openForm?.({ entityName: SignedService.logicalName }, { [C.AppId]: result.appid }));
  box.replaceChildren(h(doc, 'p', { id: 'next' }, text), h(doc, 'div', { class: 'actions' }, create, ' ', again));
}

function offerConnect(box: HTMLElement, result: AuthorizationReturn, service: ConnectedService, xrm: Xrm, ctx: ResultContext, again: HTMLElement): void {
  const { doc, t } = ctx;
  // A Signed Service serves several accounts: the one it serves now stays bound when this one joins.
  const joins = service.appid !== '' && service.appid !== result.appid;
  const button = h(doc, 'button', { type: 'button', id: 'connect' }, t('result.connect'));
  const status = h(doc, 'p', { id: 'connect-status', role: 'status' });
  box.replaceChildren(
    h(doc, 'p', { id: 'next', 'data-signed-service': service.id }, t('result.connectOne', { name: service.name })),
    ...(joins ? [h(doc, 'p', { class: 'muted', id: 'connect-joins' }, t('result.connectJoins', { appid: service.appid }))] : []),
    h(doc, 'div', { class: 'actions' }, button, ' ', again),
    status,
  );
  button.addEventListener('click', () => {
    void (async () => {
      button.disabled = true;
      try {
        await connectThrough(xrm, service, result);
      } catch (error) {
        button.disabled = false;
        status.className = 'error';
        status.textContent = t('result.connectError', { message: error instanceof Error ? error.message : String(error) });
        return;
      }
      status.className = 'muted';
      status.textContent = t('result.connecting');
      const outcome = await waitForConnection(xrm, service, result.appid).catch(() => ({ state: 'waiting' as const }));
      status.dataset.state = outcome.state;
      status.className = outcome.state === 'connected' ? 'ok' : outcome.state === 'failed' ? 'error' : 'muted';
      status.textContent =
        outcome.state === 'connected'
          ? t('result.connected')
          : outcome.state === 'failed'
            ? t('result.connectFailed', { reason: ctx.language === 'zh' ? outcome.zh : outcome.en })
            : t('result.connectWaiting', { name: service.name });
    })();
  });
}
