/**
 * A wxm_material row was saved (webhook hint: Create, or Update of what it asks for): re-read it with the org's own
 * application user, read its file (a note on the row), check WeChat's limits, upload it once through the one upload
 * path and write the media id, URL, expiry (temporary media lives 3 days) and Synced back; a refusal (ours or
 * WeChat's) becomes the row's reason in English and Chinese with state Failed.
 *
 * Once: an uploaded row is uploaded again only when Upload Requested On is stamped after Uploaded On. Concurrent
 * hints are claimed in the relay's shared store per row and request (create-only, 10 minutes); what WeChat answered is
 * kept there before the row is written, so a retry after a failed write writes it instead of uploading again.
 * https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Adding_Permanent_Assets.html
 */
import { Material } from '@wxm/solution/schema';
import type { Clock } from '../../kernel/clock.js';
import type { DataverseOrg } from '../../dataverse/types.js';
import type { Logger } from '../ports/logger.js';
import type { KeyValueStore } from '../ports/storage.js';
import type { OrgDirectory } from '../qrcodes/org-access.js';
import type { DataverseHint } from '../webhook/hint.js';
import { noteOfRow } from './attachment.js';
import { formatOf } from './purposes.js';
import { deleteMaterial } from './delete-row.js';
import {
  resultKey,
  isUploaded,
  purposeOf,
  wantsDelete,
  type MaterialKind,
  readMaterial,
  recordFailed,
  recordUploaded,
  recordWaiting,
  type StoredMaterial,
} from './material-row.js';
import { reasonText, type Bilingual } from './reasons.js';
import { MaterialRefused, uploadMedia, type UploadDeps, type UploadedMaterial } from './upload.js';

export interface MaterialDeps {
  orgs: OrgDirectory;
  upload: UploadDeps;
  kv: KeyValueStore;
  clock: Clock;
  logger: Logger;
}

export type MaterialOutcome = 'uploaded' | 'deleted' | 'refused' | 'failed' | 'waiting' | 'skipped';

/** The table whose Create and Update steps (solution/webhooks/registration.ts) route here. */
export const MATERIAL_TABLE: string = Material.logicalName;

export const isMaterialHint = (hint: Pick<DataverseHint, 'table' | 'message'>): boolean => hint.table === MATERIAL_TABLE && hint.message !== 'Delete';

export const CLAIM_TTL_MS = 10 * 60_000;

const NOT_CONNECTED: Bilingual = {
  en: 'Not uploaded: this Official Account is not connected to this environment (Signed Service).',
  zh: '未上传：该公众号未通过“已注册的服务”连接到此环境。',
};
const NO_ACCOUNT: Bilingual = { en: 'Not uploaded: choose the Official Account the material is for.', zh: '未上传：请选择素材所属的公众号。' };
const NO_FILE: Bilingual = {
  en: 'Waiting for a file: add a note with the file to this row, then set Upload Requested On.',
  zh: '等待文件：请在本记录上添加带附件的备注，然后设置“请求上传时间”。',
};
const PURPOSE_CLASH: Bilingual = {
  en: 'Not uploaded: an image in an article or an article cover must be a picture; choose another Media Type or Purpose.',
  zh: '未上传：图文内图片或图文封面必须是图片；请更改素材类型或用途。',
};

export async function onMaterialSaved(hint: DataverseHint, deps: MaterialDeps): Promise<MaterialOutcome> {
  const access = await deps.orgs.open(hint.organizationId);
  if (!access) {
    deps.logger.warn('material hint from an org without a connected signed service; ignored', { organizationId: hint.organizationId });
    return 'skipped';
  }
  const { org } = access;
  const material = await readMaterial(org, hint.rowId);
  if (!material) return 'skipped';
  if (wantsDelete(material)) {
    // Not bound to this org (no account, or another org's): deleteMaterial says so on the row and calls WeChat for nothing.
    const appid = material.accountId ? await access.appidOf(material.accountId) : undefined;
    return deleteMaterial(org, appid, material, hint.organizationId, deps);
  }
  if (isUploaded(material)) return 'skipped';
  const request = material.uploadRequestedOn ?? 0;
  const claim = `material-claim:${hint.organizationId}:${material.id}:${request}`;
  const result = resultKey(hint.organizationId, material);
  const kept = await deps.kv.get(result);
  if (kept) {
    const answer = JSON.parse(kept) as KeptResult;
    // This request's answer is on the row already (an echo of our own write, or a clock ahead of ours): nothing to do.
    if (material.mediaId === answer.out.mediaId && material.url === answer.out.url) return 'skipped';
    return await write(org, material, answer);
  }
  if (!(await deps.kv.putIfAbsent(claim, String(deps.clock.now()), deps.clock.now() + CLAIM_TTL_MS))) return 'skipped';

  const refuse = async (reason: Bilingual, outcome: 'refused' | 'failed' | 'waiting' = 'refused'): Promise<MaterialOutcome> => {
    await (outcome === 'waiting' ? recordWaiting : recordFailed)(org, material.id, reasonText(reason));
    await deps.kv.delete(claim);
    deps.logger.info('material not uploaded', { organizationId: hint.organizationId, outcome });
    return outcome;
  };
  try {
    if (!material.accountId) return await refuse(NO_ACCOUNT);
    const appid = await access.appidOf(material.accountId);
    if (!appid) return await refuse(NOT_CONNECTED);
    const file = await noteOfRow(org, material.id, material.annotationId);
    if (!file) return await refuse(NO_FILE, 'waiting');
    const chosen = purposeOf(material, formatOf(file.bytes));
    if (!chosen) return await refuse(PURPOSE_CLASH);
    const video = material.title && material.introduction ? { title: material.title, introduction: material.introduction } : undefined;
    let out: UploadedMaterial;
    try {
      out = await uploadMedia(appid, file, chosen.purpose, deps.upload, video);
    } catch (err) {
      if (!(err instanceof MaterialRefused)) throw err;
      deps.logger.info('material refused', { authorizerAppid: appid, purpose: chosen.purpose, ...(err.errcode && { errcode: err.errcode }) });
      return await refuse(err.reason, err.errcode ? 'failed' : 'refused');
    }
    // WeChat has the file from here on: keep its answer before anything else can fail, so a retry never uploads twice.
    const keptResult: KeptResult = { out, file: { name: file.name, size: file.bytes.length }, kind: chosen.kind, at: deps.clock.now() };
    await deps.kv.put(result, JSON.stringify(keptResult), deps.clock.now() + CLAIM_TTL_MS * 6);
    deps.logger.info('material uploaded', { authorizerAppid: appid, purpose: chosen.purpose });
    return await write(org, material, keptResult);
  } catch (err) {
    // Dataverse or the network before WeChat took the file: let the queue retry, without the claim in the way.
    if (!(await deps.kv.get(result))) await deps.kv.delete(claim);
    throw err;
  }
}

interface KeptResult {
  out: UploadedMaterial;
  file: { name: string; size: number };
  kind: MaterialKind;
  at: number;
}

async function write(org: DataverseOrg, material: StoredMaterial, kept: KeptResult): Promise<MaterialOutcome> {
  await recordUploaded(org, material, kept.out, kept.file, kept.kind, kept.at);
  return 'uploaded';
}
