/**
 * Every text the control shows is a resx key (strings/ConversationView.1033.resx and .2052.resx). The keys live here
 * once, so a component cannot ask for a key that does not exist, and a test compares this list with both files.
 */
export const StringKeys = [
  'Control_DisplayName',
  'Control_Description',
  'Property_FollowerName',
  'Property_FollowerName_Description',
  'Property_FollowerId',
  'Property_FollowerId_Description',
  'Header_Title',
  'Loading',
  'LoadingOlder',
  'StartOfConversation',
  'Empty',
  'LoadError',
  'NoFollower',
  'Reconnecting',
  'Day_Today',
  'Day_Yesterday',
  'Duration_HoursMinutes',
  'Duration_Minutes',
  'Window_Open',
  'Window_Open_Short',
  'Window_Closed_Expired',
  'Window_Closed_Never',
  'Window_Closed_Quota',
  'Window_Closed_Unfollowed',
  'Window_TemplateHint',
  'Window_TemplateLink',
  'Composer_Label',
  'Composer_Placeholder',
  'Composer_Send',
  'Composer_Sending',
  'Composer_Emoji',
  'Composer_Image',
  'Composer_RemoveImage',
  'Composer_ImageTooLarge',
  'Composer_ImageType',
  'Composer_SendFailed',
  'Composer_ReadOnly',
  'Status_Pending',
  'Status_Sending',
  'Status_Sent',
  'Status_Failed',
  'Failure_Code',
  'Message_Image',
  'Message_Voice',
  'Message_VoiceRecognition',
  'Message_Video',
  'Message_ShortVideo',
  'Message_Location',
  'Message_OpenMap',
  'Message_Link',
  'Message_MiniProgram',
  'Message_News',
  'Message_Music',
  'Message_Template',
  'Message_Unknown',
  'Media_Loading',
  'Media_NotAvailable',
  'Media_Download',
  'Event_Subscribe',
  'Event_SubscribeQr',
  'Event_Unsubscribe',
  'Event_Scan',
  'Event_Click',
  'Event_View',
  'Event_Location',
  'Event_TemplateFinished',
  'Event_Other',
] as const;

export type StringKey = (typeof StringKeys)[number];

/** Looks a key up in the user's language (context.resources.getString in the adapter). */
export type Translate = (key: StringKey, ...args: (string | number)[]) => string;

/** Fills `{0}`, `{1}`… in a resx text, the placeholder style .NET resources use. */
export function fillPlaceholders(template: string, args: readonly (string | number)[]): string {
  return template.replace(/\{(\d+)\}/g, (whole, index: string) => {
    const value = args[Number(index)];
    return value === undefined ? whole : String(value);
  });
}
