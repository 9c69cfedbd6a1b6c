/**
 * Why a file was not uploaded, in English then Chinese (wxm_FailureReason holds both). Refusals found before WeChat
 * is called, and WeChat's own answers to the upload endpoints.
 * https://developers.weixin.qq.com/doc/offiaccount/Asset_Management/Adding_Permanent_Assets.html
 * https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/Global_Return_Code.html
 */
import { describeWechatError } from '../../wechat/index.js';
import type { UploadRefusal } from './check.js';

export interface Bilingual {
  en: string;
  zh: string;
}

const list = (xs: string[]) => xs.map((x) => `.${x}`).join(', ');
const mb = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);

export function explainUploadRefusal(r: UploadRefusal): Bilingual {
  switch (r.code) {
    case 'empty':
      return { en: 'Not uploaded: the file is empty.', zh: '未上传：文件为空。' };
    case 'no-extension':
      return {
        en: `Not uploaded: the file name "${r.name}" has no extension; WeChat needs one of ${list(r.allowed)} (40113).`,
        zh: `未上传：文件名“${r.name}”没有扩展名；微信要求以下扩展名之一：${list(r.allowed)}（40113）。`,
      };
    case 'extension':
      return {
        en: `Not uploaded: WeChat does not take .${r.extension} files for this purpose; use ${list(r.allowed)} (40113).`,
        zh: `未上传：此用途微信不接受 .${r.extension} 文件；请使用 ${list(r.allowed)}（40113）。`,
      };
    case 'format':
      return {
        en: `Not uploaded: the file is named .${r.extension} but its content is ${r.found ? r.found.toUpperCase() : 'not a format WeChat takes'} (40005).`,
        zh: `未上传：文件扩展名为 .${r.extension}，但内容${r.found ? `是 ${r.found.toUpperCase()} 格式` : '不是微信支持的格式'}（40005）。`,
      };
    case 'too-large':
      return {
        en: `Not uploaded: the file is ${mb(r.bytes)}; WeChat takes at most ${r.limit} for this purpose.`,
        zh: `未上传：文件大小为 ${mb(r.bytes)}；此用途微信最多接受 ${r.limit}。`,
      };
    case 'too-long':
      return {
        en: `Not uploaded: the voice plays ${r.seconds} s; WeChat takes at most ${r.max} s.`,
        zh: `未上传：语音时长 ${r.seconds} 秒；微信最多接受 ${r.max} 秒。`,
      };
    case 'unreadable-voice':
      return {
        en: 'Not uploaded: the voice file cannot be read as AMR or MP3, so its length is unknown (WeChat takes at most 60 s).',
        zh: '未上传：无法按 AMR 或 MP3 读取该语音文件，无法确定时长（微信最多接受 60 秒）。',
      };
    case 'video-description':
      return {
        en: 'Not uploaded: a permanent video needs a title and a description.',
        zh: '未上传：永久视频素材需要标题和简介。',
      };
    case 'full': {
      const n = (x: number) => x.toLocaleString('en-US');
      const kind = KIND_NAMES[r.type];
      return {
        en: `Not uploaded: the account already holds ${n(r.count)} permanent ${kind.en}, WeChat's ceiling of ${n(r.ceiling)}; delete some (Delete from WeChat, or the MP console) first (45034).`,
        zh: `未上传：该公众号已有 ${n(r.count)} 个永久${kind.zh}素材，已达微信上限 ${n(r.ceiling)} 个；请先删除部分素材（“从微信删除”或在公众平台删除）（45034）。`,
      };
    }
  }
}

const KIND_NAMES: Readonly<Record<'image' | 'voice' | 'video', Bilingual>> = {
  image: { en: 'images', zh: '图片' },
  voice: { en: 'voice files', zh: '语音' },
  video: { en: 'videos', zh: '视频' },
};

const MEDIA_ERRORS: Readonly<Record<number, Bilingual>> = {
  40004: { en: 'WeChat refused the media type (40004).', zh: '微信拒绝了该媒体类型（40004）。' },
  40005: { en: 'WeChat refused the file type (40005).', zh: '微信拒绝了该文件类型（40005）。' },
  40006: { en: 'WeChat refused the file size (40006).', zh: '微信拒绝了该文件大小（40006）。' },
  40007: { en: 'WeChat does not know this media id, or it expired (40007).', zh: '微信无法识别该 media_id，或已过期（40007）。' },
  40113: { en: 'WeChat does not take this file type (40113).', zh: '微信不支持该文件类型（40113）。' },
  41005: { en: 'WeChat received no file (41005).', zh: '微信未收到文件（41005）。' },
  45001: { en: 'The file is over WeChat’s size limit (45001).', zh: '文件超过微信的大小限制（45001）。' },
  45007: { en: 'The voice is longer than WeChat takes (45007).', zh: '语音时长超过微信的限制（45007）。' },
  45034: {
    en: 'The account holds as much permanent material of this type as WeChat allows; delete some first (45034).',
    zh: '该公众号此类永久素材的数量已达微信上限，请先删除部分素材（45034）。',
  },
};

/** A refusal of WeChat, named for this upload when it is a media error, otherwise in the global code's words. */
export function explainUploadError(errcode: number): Bilingual {
  const known = MEDIA_ERRORS[errcode];
  if (known) return { en: `Not uploaded: ${known.en}`, zh: `未上传：${known.zh}` };
  const text = describeWechatError(errcode);
  return { en: `Not uploaded: WeChat answered ${errcode}: ${text.en}`, zh: `未上传：微信返回 ${errcode}：${text.zh}` };
}

/** The row's wxm_FailureReason: English line, then Chinese. */
export const reasonText = (b: Bilingual): string => `${b.en}\n${b.zh}`;
