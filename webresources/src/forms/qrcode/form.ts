/**
 * Form script of the WeChat QR Code form (wxm_/forms/qrcode.js, global WechatMarketing.QrCode), bound to the
 * form's OnLoad in solution/src/forms/wxm_qrcode.ts. Says where the code stands (being made, refused with the
 * relay's reason in the user's language, ready with its expiry and counts, expired) and offers the QR display
 * (wxm_/forms/qrcode.html: image, URL, expiry, counts, Download PNG) in a dialog, again after every refresh.
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-navigation/navigateto
 */
import { userLanguage } from '../../shared/language.js';
import { formatDate, notify } from '../../shared/notify.js';
import { findXrm, type Xrm, type XrmExecutionContext, type XrmFormContext } from '../../shared/xrm.js';
import { translator, type Language, type Translate } from '../../strings/index.js';
import { COLUMNS, viewOf } from './model.js';

const NOTE = 'wxm-qrcode-state';
const ACTION = 'wxm-qrcode-show';
export const DISPLAY = 'wxm_/forms/qrcode.html';

function show(xrm: Xrm, form: XrmFormContext, t: Translate, language: Language): void {
  const view = viewOf((c) => form.getAttribute(c)?.getValue() ?? null, language);
  const counts = { scans: view.scans, newFollowers: view.newFollowers, stillFollowing: view.stillFollowing };
  const time = formatDate(view.expiresOn, language) ?? '';
  const expired = view.expiresOn !== undefined && view.expiresOn.getTime() <= Date.now();
  const control = form.getControl('wxm_url');
  control?.clearNotification?.(ACTION);
  if (form.ui.getFormType() === 1) return notify(form, NOTE, 'INFO', t('qr.pendingNew'));
  if (view.state === 'failed') return notify(form, NOTE, 'ERROR', t('qr.failed', { reason: view.reason ?? '' }));
  if (view.state === 'pending') return notify(form, NOTE, 'INFO', t('qr.pending'));
  if (expired) notify(form, NOTE, 'WARNING', t('qr.expired', { time }));
  else notify(form, NOTE, 'INFO', view.expiresOn ? t('qr.readyExpires', { ...counts, time }) : t('qr.ready', counts));
  const id = form.data.entity.getId().replace(/[{}]/g, '').toLowerCase();
  control?.addNotification?.({
    uniqueId: ACTION,
    notificationLevel: 'RECOMMENDATION',
    messages: [t('qr.title')],
    actions: [
      {
        message: `${t('qr.show')} · ${t('qr.download')}`,
        actions: [
          () =>
            void xrm.Navigation.navigateTo?.(
              { pageType: 'webresource', webresourceName: DISPLAY, data: `id=${id}` },
              { target: 2, width: { value: 520, unit: 'px' }, height: { value: 720, unit: 'px' }, title: view.name || t('qr.title') },
            ),
        ],
      },
    ],
  });
}

export function onLoad(context: XrmExecutionContext): void {
  const xrm = findXrm(window);
  if (!xrm) throw new Error('Wechat Marketing: Xrm is not available to the QR Code form script');
  const form = context.getFormContext();
  const language = userLanguage(xrm);
  const t = translator(language);
  show(xrm, form, t, language);
  form.data.addOnLoad?.(() => show(xrm, form, t, language));
}

export { COLUMNS };
