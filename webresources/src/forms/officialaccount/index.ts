/**
 * Form script of the Official Account form (wxm_/forms/officialaccount.js, global WechatMarketing.OfficialAccount),
 * bound to the form's OnLoad in solution/src/forms/wxm_officialaccount.ts. The relay keeps the row up to date;
 * this script says what the values mean, again after every refresh of the form's data.
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/formcontext-data/addonload
 */
import { userLanguage } from '../../shared/language.js';
import { findXrm, type XrmExecutionContext, type XrmFormContext } from '../../shared/xrm.js';
import { translator, type Language, type Translate } from '../../strings/index.js';
import { showLastDeliveryError, showPermissions, showStatus, showVerification } from './summary.js';
import { followAccountRemoval } from './removal.js';

function showAll(form: XrmFormContext, t: Translate, language: Language): void {
  showStatus(form, t, language);
  showPermissions(form, t, language);
  showVerification(form, t);
  showLastDeliveryError(form, t, language);
}

export function onLoad(context: XrmExecutionContext): void {
  const xrm = findXrm(window);
  if (!xrm) throw new Error('Wechat Marketing: Xrm is not available to the Official Account form script');
  const form = context.getFormContext();
  const language = userLanguage(xrm);
  const t = translator(language);
  showAll(form, t, language);
  form.data.addOnLoad?.(() => showAll(form, t, language));
  // Remove account: the relay's progress and the button (removal.ts).
  followAccountRemoval(xrm, form, t, language);
}
