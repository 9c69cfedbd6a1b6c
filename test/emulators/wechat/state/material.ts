/**
 * Permanent material (永久素材) of each account: images, voice, video and thumbs added with material/add_material,
 * kept until deleted; and the URLs media/uploadimg gave for article images. Held per simulator state (a WeakMap, so
 * SimState needs no field): `materialsOf(state)`. Other APIs (draft/add) ask `isPermanent` to refuse a temporary
 * thumb in an article (40007).
 * https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Adding_Permanent_Assets.html
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SimClock } from '../types.js';
import type { MediaType } from './media.js';

export interface MaterialItem {
  mediaId: string;
  type: MediaType;
  owner: string;
  bytes: Buffer;
  contentType: string;
  filename: string;
  updatedAt: number;
  /** Images and thumbs: where WeChat serves them. */
  url?: string;
  /** Video: the description add_material was given. */
  title?: string;
  introduction?: string;
}

export interface ArticleImage {
  owner: string;
  url: string;
  bytes: Buffer;
  contentType: string;
}

export class MaterialStore {
  private readonly items = new Map<string, MaterialItem>();
  private readonly images = new Map<string, ArticleImage>();

  constructor(
    private readonly clock: SimClock,
    private readonly publicUrl: () => string,
  ) {}

  add(owner: string, item: Omit<MaterialItem, 'mediaId' | 'owner' | 'updatedAt' | 'url'>): MaterialItem {
    // Permanent media ids are shorter than temporary ones and never expire.
    const mediaId = randomBytes(32).toString('base64url');
    const url = item.type === 'image' || item.type === 'thumb' ? `${this.publicUrl()}/sim/material/${mediaId}` : undefined;
    const stored: MaterialItem = { ...item, mediaId, owner, updatedAt: this.clock.now(), ...(url && { url }) };
    this.items.set(mediaId, stored);
    return stored;
  }

  get(owner: string | undefined, mediaId: string): MaterialItem | undefined {
    const item = this.items.get(mediaId);
    return item && (owner === undefined || item.owner === owner) ? item : undefined;
  }

  /** Whether `mediaId` is permanent material of `owner` (a temporary media id is not). */
  isPermanent(owner: string, mediaId: string): boolean {
    return this.get(owner, mediaId) !== undefined;
  }

  delete(owner: string, mediaId: string): boolean {
    if (!this.get(owner, mediaId)) return false;
    return this.items.delete(mediaId);
  }

  /** The account's material of one type, newest first (batchget_material's order). */
  list(owner: string, type: MediaType): MaterialItem[] {
    return [...this.items.values()].filter((i) => i.owner === owner && i.type === type).sort((a, b) => b.updatedAt - a.updatedAt);
  }

  count(owner: string, type: MediaType): number {
    return this.list(owner, type).length;
  }

  /** An article image: a URL on WeChat's image host, the same for the same bytes. */
  addArticleImage(owner: string, bytes: Buffer, contentType: string): ArticleImage {
    const hash = createHash('sha256').update(owner).update(bytes).digest('hex').slice(0, 32);
    const ext = contentType === 'image/png' ? 'png' : 'jpeg';
    const url = `${this.publicUrl()}/sim/mmbiz/mmbiz_${ext}/${hash}/0?wx_fmt=${ext}`;
    const image = { owner, url, bytes, contentType };
    this.images.set(url, image);
    return image;
  }

  /** Was this URL given by uploadimg to `owner`? (Articles keep only such images: outside URLs are filtered.) */
  articleImage(url: string): ArticleImage | undefined {
    return this.images.get(url);
  }
}

const stores = new WeakMap<object, MaterialStore>();

/** The permanent material of a simulator state (made on first use). */
export function materialsOf(state: { clock: SimClock; publicUrl: string }): MaterialStore {
  let store = stores.get(state);
  if (!store) {
    store = new MaterialStore(state.clock, () => state.publicUrl);
    stores.set(state, store);
  }
  return store;
}

/**
 * The bytes behind a permanent material's URL (/sim/material/<media_id>) or an article image's
 * (/sim/mmbiz/...): null when the path is one of these but names nothing, undefined when it is another path.
 * Anyone holding the link may fetch it, as with WeChat's image host.
 */
export function materialFile(state: { clock: SimClock; publicUrl: string }, url: URL): { bytes: Buffer; contentType: string } | null | undefined {
  const material = /^\/sim\/material\/([\w-]+)$/.exec(url.pathname);
  if (material) {
    const item = materialsOf(state).get(undefined, material[1] as string);
    return item ? { bytes: item.bytes, contentType: item.contentType } : null;
  }
  if (!url.pathname.startsWith('/sim/mmbiz/')) return undefined;
  return materialsOf(state).articleImage(`${state.publicUrl}${url.pathname}${url.search}`) ?? null;
}
