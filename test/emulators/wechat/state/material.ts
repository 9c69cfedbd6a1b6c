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

/**
 * WeChat's ceilings of permanent material per account, by get_materialcount's buckets (a thumb is an image there):
 * "图片素材的上限为100000，其他类型为1000". add_material past them answers 45034.
 */
export const PERMANENT_CEILINGS: Readonly<Record<'image' | 'voice' | 'video', number>> = { image: 100_000, voice: 1_000, video: 1_000 };
export const countBucket = (type: MediaType): 'image' | 'voice' | 'video' => (type === 'thumb' ? 'image' : type);

export class MaterialStore {
  private readonly items = new Map<string, MaterialItem>();
  /** Per owner and bucket, so a count at 100,000 images is not a scan. */
  private readonly counts = new Map<string, number>();
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
    this.bump(owner, item.type, 1);
    return stored;
  }

  /**
   * An account that already holds `n` more permanent items of `type` (added in the MP console, say): small files
   * named seed-<i>, so a test can bring an account to WeChat's ceiling without uploading thousands of files.
   */
  seed(owner: string, type: MediaType, n: number): void {
    const bytes = Buffer.alloc(0);
    for (let i = 0; i < n; i += 1) this.add(owner, { type, bytes, contentType: 'application/octet-stream', filename: `seed-${i}` });
  }

  /** What get_materialcount answers in the bucket of `type`. */
  bucketCount(owner: string, type: MediaType): number {
    return this.counts.get(`${owner}|${countBucket(type)}`) ?? 0;
  }

  private bump(owner: string, type: MediaType, by: number): void {
    const key = `${owner}|${countBucket(type)}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + by);
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
    const item = this.get(owner, mediaId);
    if (!item) return false;
    this.bump(owner, item.type, -1);
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
