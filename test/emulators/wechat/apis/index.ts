/** Every simulated WeChat API, by path under /cgi-bin/ (web authorization's under /sns/, keyed `sns/…`; the data cube's `datacube/…`). */
import { accountApis } from './account.js';
import { autoreplyApis } from './autoreply.js';
import { componentApis } from './component.js';
import { datacubeApis } from './datacube.js';
import { draftApis } from './draft.js';
import { massApis } from './mass.js';
import { materialApis } from './material.js';
import { mediaApis } from './media.js';
import { menuApis } from './menu.js';
import { messageApis } from './messages.js';
import { oauthApis } from './oauth.js';
import { qrcodeApis } from './qrcode.js';
import { quotaApis } from './quota.js';
import type { ApiSpec } from './registry.js';
import { subscribeApis } from './subscribe.js';
import { tagApis } from './tags.js';
import { templateApis } from './template.js';
import { userApis } from './users.js';

export const API_SPECS: ReadonlyMap<string, ApiSpec> = new Map(
  [
    ...componentApis,
    ...messageApis,
    ...userApis,
    ...tagApis,
    ...mediaApis,
    ...menuApis,
    ...accountApis,
    ...oauthApis,
    ...quotaApis,
    ...qrcodeApis,
    ...datacubeApis,
    ...subscribeApis,
    ...templateApis,
    ...materialApis,
    ...massApis,
    ...draftApis,
    ...autoreplyApis,
  ].map((spec) => [spec.api, spec]),
);
