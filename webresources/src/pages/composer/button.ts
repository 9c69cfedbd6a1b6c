/**
 * The "Template message" button on a record's form (wxm_/pages/composerbutton.js, global WechatMarketing.Composer):
 * a RECOMMENDATION notification with an action, on the record's name column, that opens the composer as a dialog
 * for this record (`data: entity=<table>&id=<id>`). Bound to the Follower form's OnLoad in
 * solution/src/forms/wxm_follower.ts; a customizer binds it the same way on Contact, Lead or Case forms (library
 * wxm_/pages/composerbutton.js, OnLoad WechatMarketing.Composer.onLoad, "Pass execution context").
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-navigation/navigateto
 */
import { userLanguage } from '../../shared/language.js';
import { findXrm, type Xrm, type XrmExecutionContext, type XrmFormContext } from '../../shared/xrm.js';
import { surfaceTranslator } from '../../strings/surface.js';
import { composer, type ComposerTranslate } from '../../strings/composer.js';

export const COMPOSER = 'wxm_/pages/composer.html';
export const ACTION = 'wxm-composer-open';
/** Where the button goes: the first of these controls the form has. */
const CONTROLS = ['wxm_openid', 'wxm_name', 'fullname', 'lastname', 'title', 'name', 'subject'];

function offer(xrm: Xrm, form: XrmFormContext, t: ComposerTranslate): void {
  const column = CONTROLS.find((c) => form.getControl(c));
  const control = column ? form.getControl(column) : null;
  control?.clearNotification?.(ACTION);
  if (!control || form.ui.getFormType() === 1) return;
  const entity = form.data.entity.getEntityName();
  const id = form.data.entity.getId().replace(/[{}]/g, '').toLowerCase();
  control.addNotification?.({
    uniqueId: ACTION,
    notificationLevel: 'RECOMMENDATION',
    messages: [t('tc.openButton')],
    actions: [
      {
        message: t('tc.openAction'),
        actions: [
          () =>
            void xrm.Navigation.navigateTo?.(
              { pageType: 'webresource', webresourceName: COMPOSER, data: `entity=${entity}&id=${id}` },
              { target: 2, width: { value: 1000, unit: 'px' }, height: { value: 780, unit: 'px' }, title: t('tc.title') },
            ),
        ],
      },
    ],
  });
}

export function onLoad(context: XrmExecutionContext): void {
  const xrm = findXrm(window);
  if (!xrm) throw new Error('Wechat Marketing: Xrm is not available to the template message button');
  const form = context.getFormContext();
  const t = surfaceTranslator(composer, userLanguage(xrm));
  offer(xrm, form, t);
  form.data.addOnLoad?.(() => offer(xrm, form, t));
}
