/**
 * A file uploaded to WeChat from Dynamics: an image, voice or video kept as a note on this row, sent as temporary
 * media, permanent material, an article image or an article cover. The relay
 * checks WeChat's size and type limits first, uploads once and writes back the media id, URL and expiry. Rows that
 * use media (broadcasts, auto replies, menus) keep the media id themselves and may point here.
 */
import { choice, dateTime, int, lookup, memo, text } from '../dsl/columns.js';
import { label } from '../dsl/labels.js';
import type { TableDef } from '../dsl/types.js';

const material: TableDef = {
  schemaName: 'wxm_Material',
  entitySetName: 'wxm_materials',
  displayName: label('WeChat Material', '微信素材'),
  pluralName: label('WeChat Materials', '微信素材'),
  description: label(
    'An image, voice or video uploaded to WeChat from a note or a file, with the media id WeChat returned.',
    '从备注或文件上传到微信的图片、语音或视频，以及微信返回的 media_id。',
  ),
  ownership: 'OrganizationOwned',
  // The file to upload is a note (annotation) on the row.
  hasNotes: true,
  quickCreate: true,
  audit: true,
  primaryName: text('wxm_Name', label('Name', '名称'), label('What the material is, e.g. "Spring campaign banner".', '素材说明，例如“春季活动横幅”。'), 100, {
    required: 'required',
  }),
  keys: [],
  columns: [
    lookup(
      'wxm_OfficialAccountId',
      label('Official Account', '公众号'),
      label('The official account the material is uploaded to.', '素材上传到的公众号。'),
      { table: 'wxm_officialaccount', relationship: 'wxm_officialaccount_wxm_material', cascadeDelete: 'Cascade' },
      { required: 'required' },
    ),
    choice(
      'wxm_Purpose',
      label('Purpose', '用途'),
      label('Temporary (3 days), permanent, an image inside an article, or an article cover.', '临时（3 天）、永久、图文内图片或图文封面。'),
      'wxm_materialpurpose',
    ),
    choice('wxm_MediaType', label('Media Type', '素材类型'), label('Image, voice, video or thumb.', '图片、语音、视频或缩略图。'), 'wxm_mediatype'),
    text(
      'wxm_AnnotationId',
      label('Note', '备注'),
      label(
        'The id of the note whose file is uploaded; empty: the newest note with a file on this row.',
        '要上传其附件的备注 ID；留空：本记录上最新的带附件备注。',
      ),
      36,
    ),
    text('wxm_Title', label('Video Title', '视频标题'), label('A permanent video needs a title.', '永久视频素材需要标题。'), 64),
    memo('wxm_Introduction', label('Video Description', '视频简介'), label('A permanent video needs a description.', '永久视频素材需要简介。'), 2000),
    dateTime('wxm_UploadRequestedOn', label('Upload Requested On', '请求上传时间'), label('Stamp it to upload again.', '设置此时间以重新上传。')),
    dateTime(
      'wxm_DeleteRequestedOn',
      label('Delete Requested On', '请求删除时间'),
      label('Stamp it to delete the permanent material from WeChat (the row stays).', '设置此时间以从微信删除该永久素材（记录保留）。'),
    ),
    dateTime(
      'wxm_DeletedOn',
      label('Deleted From WeChat On', '从微信删除时间'),
      label('When WeChat deleted the permanent material.', '微信删除该永久素材的时间。'),
    ),
    text(
      'wxm_FileName',
      label('File Name', '文件名'),
      label('The uploaded file name (its extension tells WeChat the type).', '上传的文件名（微信按扩展名判断类型）。'),
      260,
    ),
    int('wxm_FileSize', label('File Size (Bytes)', '文件大小（字节）'), label('The size of the uploaded file.', '上传文件的大小。'), 0, 2147483647),
    text('wxm_MediaId', label('Media ID', '媒体 ID'), label("WeChat's media_id of the upload.", '微信返回的 media_id。'), 200),
    text(
      'wxm_Url',
      label('URL', '网址'),
      label('The URL WeChat returned (article images, permanent images).', '微信返回的网址（图文内图片、永久图片）。'),
      1000,
    ),
    dateTime('wxm_ExpiresOn', label('Expires On', '过期时间'), label('Temporary media lives 3 days.', '临时素材保存 3 天。')),
    dateTime('wxm_UploadedOn', label('Uploaded On', '上传时间'), label('When WeChat accepted the file.', '微信接收文件的时间。')),
    choice('wxm_State', label('Sync State', '同步状态'), label('Whether WeChat has the file.', '微信中是否已有此文件。'), 'wxm_rowsyncstate'),
    memo(
      'wxm_FailureReason',
      label('Failure Reason', '失败原因'),
      label('Why the file was not uploaded (English, then Chinese).', '文件未上传的原因（英文，其后中文）。'),
      2000,
    ),
  ],
};

export default material;
