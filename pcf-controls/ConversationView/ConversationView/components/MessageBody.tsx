/** What a message says, by its type. Events are not bodies: they are system lines (SystemLine). */
import { Link } from '@fluentui/react';
import * as React from 'react';
import type { MediaState } from '../conversation/media';
import type { ChatMessage } from '../conversation/message';
import type { Translate } from '../conversation/strings';
import { CardBody } from './CardBody';
import { MediaBody } from './MediaBody';
import { TextBody } from './TextBody';

export interface MessageBodyProps {
  message: ChatMessage;
  media?: MediaState;
  t: Translate;
  onNeedMedia: (messageId: string) => void;
}

/** A map link that works in China (AMap's URI API: https://lbs.amap.com/api/uri-api/guide/mobile-web/point). */
function mapUrl(m: ChatMessage): string | undefined {
  if (m.latitude === undefined || m.longitude === undefined) return undefined;
  return `https://uri.amap.com/marker?position=${m.longitude},${m.latitude}&name=${encodeURIComponent(m.content)}`;
}

export function MessageBody(props: MessageBodyProps): React.ReactElement {
  const { message, t } = props;
  switch (message.kind) {
    case 'text':
      return <TextBody text={message.content} />;
    case 'image':
    case 'voice':
    case 'video':
    case 'shortvideo':
      return <MediaBody {...props} />;
    case 'location': {
      const url = mapUrl(message);
      return (
        <div className="wxm-cv-location">
          <div className="wxm-cv-card-kind">{t('Message_Location')}</div>
          <div className="wxm-cv-card-title">{message.content || t('Message_Location')}</div>
          {message.latitude !== undefined && message.longitude !== undefined && (
            <div className="wxm-cv-card-description">{`${message.latitude}, ${message.longitude}`}</div>
          )}
          {url && (
            <Link href={url} target="_blank" rel="noopener noreferrer">
              {t('Message_OpenMap')}
            </Link>
          )}
        </div>
      );
    }
    case 'link':
    case 'news':
    case 'music':
    case 'miniprogram':
    case 'template':
      return <CardBody message={message} t={t} />;
    default:
      return <div className="wxm-cv-unknown">{t('Message_Unknown', message.event || message.content || '?')}</div>;
  }
}
