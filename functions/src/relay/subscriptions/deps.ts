/**
 * What the subscription use cases need: the org of a hint (OrgDirectory, relay/signed-services/org-of-hint.ts), the
 * org bound to an account for events (the Signed Service registry's binding), WeChat as below, the shared store for
 * claims, a clock.
 */
import type { Clock } from '../../kernel/clock.js';
import type { AccountTemplate, BizSendRequest } from '../../wechat/official-account/subscribe.js';
import type { MiniProgramSendRequest } from '../../wechat/official-account/miniprogram-subscribe.js';
import type { Logger } from '../ports/logger.js';
import type { SignedServiceRegistry } from '../ports/signed-services.js';
import type { KeyValueStore } from '../ports/storage.js';
import type { OrgDirectory } from '../signed-services/org-of-hint.js';

/** WeChat as these use cases need it, each call with the authorizer token of `appid`. */
export interface SubscriptionWechat {
  addTemplate(appid: string, tid: number, kidList: readonly number[], sceneDesc?: string): Promise<string>;
  templates(appid: string): Promise<AccountTemplate[]>;
  deleteTemplate(appid: string, templateId: string): Promise<void>;
  bizsend(appid: string, request: BizSendRequest): Promise<{ msgid?: string }>;
  miniProgramSend(appid: string, request: MiniProgramSendRequest): Promise<{ msgid?: string }>;
}

export interface SubscriptionDeps {
  orgs: OrgDirectory;
  registry: Pick<SignedServiceRegistry, 'bindingOf'>;
  wechat: SubscriptionWechat;
  kv: KeyValueStore;
  clock: Clock;
  logger: Logger;
}
