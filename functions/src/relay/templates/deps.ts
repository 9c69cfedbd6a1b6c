/**
 * What the template use cases need: the org of a hint (through the Signed Service registry,
 * relay/signed-services/org-of-hint.ts), the org of an event's account (the registry's binding of its appid), WeChat
 * as the account, the relay's shared store (claims, the day's send count, early job results), a clock and a logger.
 */
import type { Clock } from '../../kernel/clock.js';
import type { PrivateTemplate, TemplateSend } from '../../wechat/official-account/template.js';
import type { Logger } from '../ports/logger.js';
import type { KeyValueStore } from '../ports/storage.js';
import type { OrgDirectory } from '../signed-services/org-of-hint.js';

/** WeChat's template APIs as the authorizer `appid` (the adapter finds its token). */
export interface TemplateWechat {
  list(appid: string): Promise<PrivateTemplate[]>;
  add(appid: string, shortId: string, keywordNames: readonly string[]): Promise<string>;
  remove(appid: string, templateId: string): Promise<void>;
  send(appid: string, message: TemplateSend): Promise<string>;
}

export interface TemplateDeps {
  orgs: OrgDirectory;
  /** The organization an authorized account is bound to (registry.bindingOf), for events that carry only the appid. */
  orgOfAppid(appid: string): Promise<string | undefined>;
  wechat: TemplateWechat;
  kv: KeyValueStore;
  clock: Clock;
  logger: Logger;
  /** Template messages an account may send a day (WeChat's 100,000 to start; a setting, as wechat-marketing.md asks). */
  dailyQuota?: number;
}

export const DEFAULT_DAILY_TEMPLATE_QUOTA = 100_000;
export const CLAIM_TTL_MS = 10 * 60_000;
