/**
 * WeChat's ceilings on an account's permanent material (100,000 images, 1,000 voices, 1,000 videos; a cover is an
 * image in the count), checked before material/add_material with the account's own counts
 * (material/get_materialcount), read at most once a minute per account and per relay instance. A full account is
 * refused with the reason and nothing is uploaded. The count is only a guard: another instance, or the MP console,
 * may add material within the minute, and WeChat's own refusal (45034) is explained the same way.
 * https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Adding_Permanent_Assets.html
 * https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Get_the_total_of_all_materials.html
 */
import type { Clock } from '../../kernel/clock.js';
import type { TokenSource } from '../../wechat/index.js';
import type { MaterialApi, MaterialCount } from './material-api.js';
import type { WechatMediaType } from './purposes.js';

/** The buckets get_materialcount answers for what add_material takes. */
export type CountedType = 'image' | 'voice' | 'video';

/** "图片素材的上限为100000，其他类型为1000" (add_material). */
export const PERMANENT_CEILINGS: Readonly<Record<CountedType, number>> = { image: 100_000, voice: 1_000, video: 1_000 };

/** How long a count read from WeChat is trusted. */
export const COUNT_TTL_MS = 60_000;

/** A thumb (an article's cover) counts as an image. */
export const countedType = (type: WechatMediaType): CountedType => (type === 'thumb' ? 'image' : type);

export interface Full {
  type: CountedType;
  count: number;
  ceiling: number;
}

export interface MaterialCounts {
  /** The account's bucket when it is full (nothing may be added), undefined when there is room. */
  full(appid: string, token: TokenSource, type: WechatMediaType): Promise<Full | undefined>;
  /** One more was added: the cached count follows, so a burst within the minute meets the ceiling too. */
  added(appid: string, type: WechatMediaType): void;
  /** Something was deleted: the next check reads WeChat again. */
  forget(appid: string): void;
}

/** What is kept between uploads: it must outlive one invocation's dependencies (wiring.ts keeps one per process). */
export interface CountCache {
  kept: Map<string, { count: MaterialCount; until: number }>;
  /** Two uploads of one account at once share one read. */
  reading: Map<string, Promise<MaterialCount>>;
}

export const countCache = (): CountCache => ({ kept: new Map(), reading: new Map() });

export function materialCounts(api: Pick<MaterialApi, 'countPermanent'>, clock: Clock, store: CountCache = countCache(), ttlMs = COUNT_TTL_MS): MaterialCounts {
  const { kept: cache, reading } = store;

  async function current(appid: string, token: TokenSource): Promise<MaterialCount> {
    const kept = cache.get(appid);
    if (kept && kept.until > clock.now()) return kept.count;
    let read = reading.get(appid);
    if (!read) {
      read = api.countPermanent(token).finally(() => reading.delete(appid));
      reading.set(appid, read);
    }
    const count = await read;
    cache.set(appid, { count: { ...count }, until: clock.now() + ttlMs });
    return cache.get(appid)!.count;
  }

  return {
    async full(appid, token, type) {
      const bucket = countedType(type);
      const count = (await current(appid, token))[bucket];
      const ceiling = PERMANENT_CEILINGS[bucket];
      return count >= ceiling ? { type: bucket, count, ceiling } : undefined;
    },
    added(appid, type) {
      const kept = cache.get(appid);
      if (kept) kept.count[countedType(type)] += 1;
    },
    forget(appid) {
      cache.delete(appid);
    },
  };
}
