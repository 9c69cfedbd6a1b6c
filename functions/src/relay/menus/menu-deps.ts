/** What the menu use cases need: the org of a hint, WeChat's menu APIs as an authorizer, a counter store, a clock. */
import type { Clock } from '../../kernel/clock.js';
import type { LiveMenu, MenuButton } from '../../wechat/official-account/menu.js';
import type { Logger } from '../ports/logger.js';
import type { KeyValueStore } from '../ports/storage.js';
import type { OrgDirectory } from '../signed-services/org-of-hint.js';

/** WeChat as the menu use cases need it (the authorizer token of `appid`). */
export interface MenuWechat {
  create(appid: string, button: readonly MenuButton[]): Promise<void>;
  addConditional(appid: string, button: readonly MenuButton[], tagId: string): Promise<string>;
  deleteConditional(appid: string, menuid: string): Promise<void>;
  current(appid: string): Promise<LiveMenu>;
}

export interface MenuDeps {
  orgs: OrgDirectory;
  wechat: MenuWechat;
  /** Menu creations per account and Beijing day (WeChat's 1,000 a day, checked before calling). */
  kv: KeyValueStore;
  clock: Clock;
  logger: Logger;
  /** WeChat's 1,000 menu creations a day (a setting, for tests). */
  creationsPerDay?: number;
}
