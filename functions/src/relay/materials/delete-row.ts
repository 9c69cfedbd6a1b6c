/**
 * Delete From WeChat stamped on a wxm_material row: permanent material (image, voice, video, cover) is deleted with
 * material/del_material, which frees the account's quota of permanent material; the row stays, without media id and
 * URL, and can be uploaded again. Temporary media and article images cannot be deleted (WeChat forgets temporary
 * media after 3 days; article image URLs stay): the row says so. Once per stamp (claimed in the shared store); a
 * material WeChat no longer has (40007) counts as deleted.
 * https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Deleting_Permanent_Assets.html
 */
import { MaterialPurpose } from '@wxm/solution/schema';
import type { DataverseOrg } from '../../dataverse/types.js';
import { WechatApiError } from '../../wechat/index.js';
import { recordDeleted, recordNotDeleted, resultKey, type StoredMaterial } from './material-row.js';
import { explainUploadError, reasonText, type Bilingual } from './reasons.js';
import type { MaterialDeps, MaterialOutcome } from './upload-row.js';

const DELETED: Bilingual = {
  en: 'Deleted from WeChat: the media id no longer works. Set Upload Requested On to upload the file again.',
  zh: '已从微信删除：该 media_id 已失效。设置“请求上传时间”即可重新上传。',
};
const CANNOT_DELETE: Bilingual = {
  en: 'Not deleted: only permanent material can be deleted; WeChat forgets temporary media after 3 days, and article image URLs stay.',
  zh: '未删除：只能删除永久素材；临时素材 3 天后由微信自动删除，图文内图片的网址会一直保留。',
};
const NOT_CONNECTED: Bilingual = {
  en: 'Not deleted: this Official Account is not connected to this environment (Signed Service).',
  zh: '未删除：该公众号未通过“已注册的服务”连接到此环境。',
};
const NOTHING: Bilingual = { en: 'Not deleted: WeChat has no media id for this row.', zh: '未删除：微信中没有此记录的 media_id。' };

export async function deleteMaterial(
  org: DataverseOrg,
  /** The account's appid when it is bound to this org; undefined: nothing is deleted, and the row says why. */
  appid: string | undefined,
  material: StoredMaterial,
  organizationId: string,
  deps: MaterialDeps,
): Promise<MaterialOutcome> {
  const claim = `material-delete:${organizationId}:${material.id}:${material.deleteRequestedOn ?? 0}`;
  if (!(await deps.kv.putIfAbsent(claim, String(deps.clock.now()), deps.clock.now() + 10 * 60_000))) return 'skipped';
  const now = deps.clock.now();
  const permanent = material.purpose === undefined || material.purpose === MaterialPurpose.Permanent || material.purpose === MaterialPurpose.Thumb;
  if (!appid) return refused(org, material, now, NOT_CONNECTED);
  if (!permanent) return refused(org, material, now, CANNOT_DELETE);
  if (!material.mediaId) return refused(org, material, now, NOTHING);
  try {
    await deps.upload.api.deletePermanent(deps.upload.tokens.forAuthorizer(appid), material.mediaId);
  } catch (err) {
    if (!(err instanceof WechatApiError)) {
      await deps.kv.delete(claim);
      throw err;
    }
    // Gone already (deleted in the MP console): the row catches up.
    if (err.errcode !== 40007) {
      deps.logger.warn('material/del_material refused', { authorizerAppid: appid, errcode: err.errcode });
      const why = explainUploadError(err.errcode);
      return refused(org, material, now, { en: why.en.replace('Not uploaded', 'Not deleted'), zh: why.zh.replace('未上传', '未删除') }, 'failed');
    }
  }
  // The account has room again: its next upload reads WeChat's count afresh.
  deps.upload.counts.forget(appid);
  // The answer kept for the last upload names the deleted media id: it must never be written back.
  await deps.kv.delete(resultKey(organizationId, material));
  await recordDeleted(org, material.id, now, reasonText(DELETED));
  deps.logger.info('material deleted from WeChat', { authorizerAppid: appid });
  return 'deleted';
}

async function refused(
  org: DataverseOrg,
  material: StoredMaterial,
  now: number,
  reason: Bilingual,
  outcome: MaterialOutcome = 'refused',
): Promise<MaterialOutcome> {
  await recordNotDeleted(org, material.id, now, reasonText(reason));
  return outcome;
}
