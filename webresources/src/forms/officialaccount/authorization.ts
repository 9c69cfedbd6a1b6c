/**
 * Update authorization on the Official Account form: Start To Use opens in a dialog inside the app with this account's
 * original ID filled in; the admin authorizes it again in WeChat and ticks the sets to add. The relay then refreshes
 * this row (functions/src/relay/authorization/refresh-bound.ts); the binding, followers and messages stay.
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-navigation/navigateto
 */
import { OfficialAccount } from '@wxm/solution/schema';
import type { Xrm, XrmFormContext } from '../../shared/xrm.js';
import type { Translate } from '../../strings/index.js';
import { offerAction, withdrawAction } from './actions.js';

const C = OfficialAccount.columns;
export const UPDATE_AUTHORIZATION = 'wxm-oa-update-authorization';
export const START_TO_USE = 'wxm_/pages/starttouse.html';

export function offerUpdateAuthorization(xrm: Xrm, form: XrmFormContext, t: Translate): void {
  const originalId = form.getAttribute<string>(C.OriginalId)?.getValue() ?? '';
  const navigateTo = xrm.Navigation.navigateTo;
  if (!navigateTo || !/^gh_[0-9a-f]{12}$/.test(originalId)) return withdrawAction(form, C.Permissions, UPDATE_AUTHORIZATION);
  offerAction(form, C.Permissions, UPDATE_AUTHORIZATION, t('oa.updateAuthorization'), t('oa.updateAuthorizationAction'), () => {
    // A web resource opened by navigateTo gets `data` as its ?data= query parameter (Start To Use reads originalId there).
    void navigateTo(
      { pageType: 'webresource', webresourceName: START_TO_USE, data: new URLSearchParams({ originalId }).toString() },
      { target: 2, width: { value: 70, unit: '%' }, height: { value: 85, unit: '%' }, title: t('oa.updateAuthorizationAction') },
    );
  });
}
