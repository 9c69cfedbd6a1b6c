/**
 * Unticking "I have read and agree to the agreement" on a saved row revokes the relay's access when saved.
 * That is easy to do by accident, so it asks first; "keep connected" ticks the box again.
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-navigation/openconfirmdialog
 */
import { SignedService } from '@wxm/solution/schema';
import { notify } from '../../shared/notify.js';
import type { SignedServiceState } from '../../shared/relay.js';
import type { Xrm, XrmFormContext } from '../../shared/xrm.js';
import type { Translate } from '../../strings/index.js';

const C = SignedService.columns;

export const REVOKE_NOTIFICATION = 'wxm-revoke';

export interface AgreementState {
  /** The value the row has in Dataverse (at load or after the last save). */
  saved: boolean | null;
  /** Connection state shown on the form. */
  state: SignedServiceState | undefined;
}

export async function onAgreementChanged(xrm: Xrm, form: XrmFormContext, t: Translate, saved: AgreementState): Promise<void> {
  const attribute = form.getAttribute<boolean>(C.AgreementAccepted);
  if (!attribute) return;
  const ticked = attribute.getValue() === true;
  const isSavedRow = form.ui.getFormType() !== 1;
  if (!ticked && saved.saved === true && isSavedRow) {
    const answer = await xrm.Navigation.openConfirmDialog(
      { title: t('ss.revokeTitle'), text: t('ss.revokeText'), confirmButtonLabel: t('ss.revokeConfirm'), cancelButtonLabel: t('ss.revokeCancel') },
      { height: 240, width: 480 },
    );
    if (answer.confirmed) notify(form, REVOKE_NOTIFICATION, 'WARNING', t('ss.revokeSave'));
    else {
      attribute.setValue(true);
      notify(form, REVOKE_NOTIFICATION, 'WARNING', undefined);
    }
    return;
  }
  notify(form, REVOKE_NOTIFICATION, 'INFO', ticked && saved.saved === false && saved.state === 'revoked' ? t('ss.reconnect') : undefined);
}
