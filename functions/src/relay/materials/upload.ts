/**
 * The one upload path of the relay: a file and what it is for go in, the endpoint is picked by the purpose
 * (temporary media/upload, permanent material/add_material, media/uploadimg for article images), WeChat's limits are
 * checked first and refused with a bilingual reason (MaterialRefused), and the file name's extension is kept.
 * Broadcasts, auto replies and menus call this; the wxm_material row (upload-row.ts) too.
 * https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/New_temporary_materials.html
 * https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Adding_Permanent_Assets.html
 */
import type { Clock } from '../../kernel/clock.js';
import { WechatApiError, type TokenSource } from '../../wechat/index.js';
import { checkUpload, isUploadRefusal, type UploadFile, type UploadRefusal, type VideoDescription } from './check.js';
import type { Full, MaterialCounts } from './counts.js';
import type { FilePart, MaterialApi } from './material-api.js';
import { CONTENT_TYPES, PURPOSES, TEMPORARY_MEDIA_MS, type UploadPurpose, type WechatMediaType } from './purposes.js';
import { explainUploadError, explainUploadRefusal, type Bilingual } from './reasons.js';

export type { UploadPurpose } from './purposes.js';
export type { UploadFile, VideoDescription } from './check.js';

export interface UploadDeps {
  api: MaterialApi;
  tokens: { forAuthorizer(appid: string): TokenSource };
  clock: Clock;
  /** The account's counts of permanent material against WeChat's ceilings (counts.ts). */
  counts: MaterialCounts;
}

export interface UploadedMaterial {
  /** Every purpose but article-image. */
  mediaId?: string;
  /** Article images always; permanent images as WeChat answers. */
  url?: string;
  /** Temporary media: when WeChat forgets it (3 days after the upload). */
  expiresAt?: number;
}

/** Refused before WeChat was called (`refusal`), or by WeChat itself (`errcode`), with the reason in both languages. */
export class MaterialRefused extends Error {
  override readonly name = 'MaterialRefused';
  constructor(
    readonly reason: Bilingual,
    readonly refusal?: UploadRefusal,
    readonly errcode?: number,
  ) {
    super(reason.en);
  }
}

export async function uploadMedia(
  appid: string,
  file: UploadFile,
  purpose: UploadPurpose,
  deps: UploadDeps,
  video?: VideoDescription,
): Promise<UploadedMaterial> {
  const checked = checkUpload(file, purpose, video);
  if (isUploadRefusal(checked)) throw new MaterialRefused(explainUploadRefusal(checked), checked);
  const rule = PURPOSES[purpose];
  // The extension stays as the caller named the file; the content type is the one its bytes are.
  const part = { name: file.name, bytes: file.bytes, contentType: CONTENT_TYPES[checked.format] };
  const token = deps.tokens.forAuthorizer(appid);
  try {
    if (rule.endpoint === 'media/uploadimg') return await deps.api.uploadArticleImage(token, part);
    if (rule.endpoint === 'material/add_material') return await addPermanent(appid, token, rule.type!, part, deps, video);
    const { mediaId, createdAt } = await deps.api.uploadTemporary(token, rule.type!, part);
    const from = createdAt > 0 ? createdAt * 1000 : deps.clock.now();
    return { mediaId, expiresAt: from + TEMPORARY_MEDIA_MS };
  } catch (err) {
    if (err instanceof WechatApiError && isMediaRefusal(err.errcode)) {
      // WeChat counted otherwise than the cache (the MP console or another instance added some): read it again next time.
      if (err.errcode === COUNT_OUT_OF_LIMIT) deps.counts.forget(appid);
      throw new MaterialRefused(explainUploadError(err.errcode), undefined, err.errcode);
    }
    throw err;
  }
}

/** Permanent material, after the account's count: a full account is refused before WeChat takes the file. */
async function addPermanent(
  appid: string,
  token: TokenSource,
  type: WechatMediaType,
  part: FilePart,
  deps: UploadDeps,
  video?: VideoDescription,
): Promise<UploadedMaterial> {
  let full: Full | undefined;
  try {
    full = await deps.counts.full(appid, token, type);
  } catch (err) {
    // The count could not be read (its own quota, say): WeChat still judges the upload itself (45034).
    if (!(err instanceof WechatApiError)) throw err;
  }
  if (full) {
    const refusal: UploadRefusal = { code: 'full', type: full.type, count: full.count, ceiling: full.ceiling };
    throw new MaterialRefused(explainUploadRefusal(refusal), refusal);
  }
  const out = await deps.api.addPermanent(token, type, part, video);
  deps.counts.added(appid, type);
  return out;
}

/** 45034 "media file count is out of limit": the account holds as much permanent material of the type as WeChat allows. */
const COUNT_OUT_OF_LIMIT = 45034;

/**
 * A mass send's video (mpvideo): a temporary video's media id turned into the one message/mass takes.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html
 */
export async function uploadMassVideo(appid: string, mediaId: string, video: VideoDescription, deps: UploadDeps): Promise<{ mediaId: string }> {
  try {
    return { mediaId: (await deps.api.uploadMassVideo(deps.tokens.forAuthorizer(appid), mediaId, video)).mediaId };
  } catch (err) {
    if (err instanceof WechatApiError && isMediaRefusal(err.errcode)) throw new MaterialRefused(explainUploadError(err.errcode), undefined, err.errcode);
    throw err;
  }
}

/** WeChat's answers that are about the file (retrying cannot help); tokens, quota and the network are not. */
const isMediaRefusal = (errcode: number) => [40004, 40005, 40006, 40007, 40113, 41005, 45001, 45007, 45034, 48001].includes(errcode);
