/**
 * The client secret and the binding token are secured columns the relay takes and then blanks. This script
 * never reads them: once the relay reports Connected, their labels say where they went, so an empty field
 * reads as "kept safely elsewhere" rather than "lost". Only a value the admin types is sent (submit mode dirty),
 * which is how a secret is rotated.
 */
import { SignedService } from '@wxm/solution/schema';
import type { XrmFormContext } from '../../shared/xrm.js';
import type { Translate } from '../../strings/index.js';

const C = SignedService.columns;

export interface SecretLabels {
  secret: string | undefined;
  token: string | undefined;
}

/** The labels as the form defines them, read before this script changes them. */
export function originalLabels(form: XrmFormContext): SecretLabels {
  return { secret: form.getControl(C.ClientSecret)?.getLabel(), token: form.getControl(C.BindingToken)?.getLabel() };
}

export function showSecretsHeld(form: XrmFormContext, t: Translate, labels: SecretLabels, connected: boolean): void {
  const secret = form.getControl(C.ClientSecret);
  if (secret && labels.secret) secret.setLabel(connected ? t('ss.secretStored', { label: labels.secret }) : labels.secret);
  const token = form.getControl(C.BindingToken);
  if (token && labels.token) token.setLabel(connected ? t('ss.tokenUsed', { label: labels.token }) : labels.token);
  form.getAttribute(C.ClientSecret)?.setSubmitMode?.('dirty');
  form.getAttribute(C.BindingToken)?.setSubmitMode?.('dirty');
}
