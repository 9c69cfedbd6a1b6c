/**
 * Form script of the Official Account form (wxm_/forms/officialaccount.js, global WechatMarketing.OfficialAccount),
 * bound to the form's OnLoad in solution/src/forms/wxm_officialaccount.ts. The relay keeps the row up to date;
 * this script says what the values mean, again after every refresh of the form's data, and offers the account's
 * actions (Update authorization, Check quota, Reset quota).
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/formcontext-data/addonload
 */
import { userLanguage } from '../../shared/language.js';
import { findXrm, type Xrm, type XrmExecutionContext, type XrmFormContext } from '../../shared/xrm.js';
import { translator, type Language, type Translate } from '../../strings/index.js';
import { followFollowerSync } from './sync.js';
import { offerUpdateAuthorization } from './authorization.js';
import { showCapabilities } from './capabilities.js';
import { offerQuotaActions, showQuota, type Values } from './quota.js';
import { showLastDeliveryError, showPermissions, showStatus, showVerification } from './summary.js';
import { followAccountRemoval } from './removal.js';
import { showMessagePush } from './message-push.js';

function showAll(xrm: Xrm, form: XrmFormContext, t: Translate, language: Language): void {
  showStatus(form, t, language);
  showPermissions(form, t, language);
  showCapabilities(form, t, language);
  showVerification(form, t);
  showLastDeliveryError(form, t, language);
  offerUpdateAuthorization(xrm, form, t);
  const values: Values = (column) => form.getAttribute(column)?.getValue() ?? null;
  showQuota(values, form, t, language);
  offerQuotaActions(xrm, form, t, language, values);
}

export function onLoad(context: XrmExecutionContext): void {
  const xrm = findXrm(window);
  if (!xrm) throw new Error('Wechat Marketing: Xrm is not available to the Official Account form script');
  const form = context.getFormContext();
  const language = userLanguage(xrm);
  const t = translator(language);
  showAll(xrm, form, t, language);
  form.data.addOnLoad?.(() => showAll(xrm, form, t, language));
  // The follower sync: its state, progress and the Sync followers action (sync.ts), again after each refresh.
  followFollowerSync(xrm, form, t, language);
  // Remove account: the relay's progress and the button (removal.ts).
  followAccountRemoval(xrm, form, t, language);
  // A Mini Program: where WeChat pushes its messages and events (message-push.ts).
  void showMessagePush(xrm, form, t);
}
