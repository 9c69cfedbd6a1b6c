/**
 * Events are quiet system lines in the conversation. What each event carries (EventKey: `qrscene_<scene>` on a
 * follow from a QR code, the scene on SCAN, the menu key on CLICK, the URL on VIEW):
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Receiving_event_pushes.html
 */
import type { ChatMessage } from './message';
import type { StringKey } from './strings';

export interface SystemLine {
  key: StringKey;
  args: string[];
}

const QR_PREFIX = 'qrscene_';

export function describeEvent(message: ChatMessage): SystemLine {
  const key = message.eventKey;
  switch (message.event) {
    case 'subscribe':
      return key.startsWith(QR_PREFIX) ? { key: 'Event_SubscribeQr', args: [key.slice(QR_PREFIX.length)] } : { key: 'Event_Subscribe', args: [] };
    case 'unsubscribe':
      return { key: 'Event_Unsubscribe', args: [] };
    case 'SCAN':
      return { key: 'Event_Scan', args: [key] };
    case 'CLICK':
      return { key: 'Event_Click', args: [key] };
    case 'VIEW':
      return { key: 'Event_View', args: [key] };
    case 'LOCATION':
      return { key: 'Event_Location', args: [String(message.latitude ?? ''), String(message.longitude ?? '')] };
    case 'TEMPLATESENDJOBFINISH':
      return { key: 'Event_TemplateFinished', args: [message.content] };
    default:
      return { key: 'Event_Other', args: [message.event || '?'] };
  }
}
