/**
 * The four steps an admin goes through before this form works (app registration → application user →
 * role → this form), as form notifications written for the cloud chosen on the form. They disappear once
 * the relay reports Connected. Addresses: Azure portal global https://portal.azure.com, 21Vianet
 * https://portal.azure.cn (https://learn.microsoft.com/azure/china/resources-developer-guide).
 */
import { Cloud, SignedService } from '@wxm/solution/schema';
import { notify } from '../../shared/notify.js';
import type { XrmFormContext } from '../../shared/xrm.js';
import type { Translate } from '../../strings/index.js';

const C = SignedService.columns;

export const STEP_NOTIFICATIONS = ['wxm-step-1', 'wxm-step-2', 'wxm-step-3', 'wxm-step-4'] as const;

const CLOUDS = {
  global: { portal: 'https://portal.azure.com', environment: 'https://contoso.crm.dynamics.com' },
  china: { portal: 'https://portal.azure.cn', environment: 'https://contoso.crm.dynamics.cn' },
} as const;

export type CloudName = keyof typeof CLOUDS;

export function cloudOf(form: XrmFormContext): CloudName {
  return form.getAttribute<number>(C.Cloud)?.getValue() === Cloud.China ? 'china' : 'global';
}

/** Environments of the 21Vianet cloud live under *.dynamics.cn. */
export function cloudOfUrl(url: string): CloudName {
  try {
    return new URL(url).hostname.toLowerCase().endsWith('.dynamics.cn') ? 'china' : 'global';
  } catch {
    return 'global';
  }
}

export function showGuidance(form: XrmFormContext, t: Translate, visible: boolean): void {
  const cloud = cloudOf(form);
  const { portal, environment } = CLOUDS[cloud];
  const texts = [
    t('ss.step1', { cloud: t(`ss.cloud.${cloud}`), portal }),
    t('ss.step2'),
    t('ss.step3'),
    t('ss.step4', { cloudChoice: t(`ss.cloudChoice.${cloud}`), environment }),
  ];
  STEP_NOTIFICATIONS.forEach((id, i) => notify(form, id, 'INFO', visible ? texts[i] : undefined));
}

/** A new row starts with this environment's address and its cloud, which is what the relay expects. */
export function prefillEnvironment(form: XrmFormContext, clientUrl: string): void {
  const url = form.getAttribute<string>(C.EnvironmentUrl);
  if (!url || url.getValue()) return;
  url.setValue(clientUrl.replace(/\/+$/, ''));
  form.getAttribute<number>(C.Cloud)?.setValue(cloudOfUrl(clientUrl) === 'china' ? Cloud.China : Cloud.Global);
}
