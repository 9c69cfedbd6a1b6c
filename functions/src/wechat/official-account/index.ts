export { createOfficialAccountApi, type OfficialAccountApi } from './api.js';
export type { CustomMessage, MediaType, UploadedMedia, UserInfoLang, WechatUserInfo } from './types.js';
