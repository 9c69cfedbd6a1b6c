/** One message in the conversation: a day separator when a new day starts, then a bubble or a quiet system line. */
import * as React from 'react';
import { describeEvent } from '../conversation/events';
import type { MediaState } from '../conversation/media';
import type { ChatMessage } from '../conversation/message';
import type { Translate } from '../conversation/strings';
import { DeliveryFooter } from './DeliveryFooter';
import { MessageBody } from './MessageBody';

export interface MessageBubbleProps {
  message: ChatMessage;
  /** Set on the first message of a day. */
  dayLabel?: string;
  time: string;
  t: Translate;
  languageId: number;
  media?: MediaState;
  onNeedMedia: (messageId: string) => void;
}

export function MessageBubble(props: MessageBubbleProps): React.ReactElement {
  const { message, t } = props;
  const data = { 'data-testid': 'bubble', 'data-id': message.id, 'data-kind': message.kind, 'data-direction': message.direction };
  return (
    <div className="wxm-cv-item">
      {props.dayLabel && (
        <div className="wxm-cv-day" role="separator">
          <span>{props.dayLabel}</span>
        </div>
      )}
      {message.kind === 'event' ? (
        <div className="wxm-cv-system" {...data}>
          {(({ key, args }) => t(key, ...args))(describeEvent(message))}
          <span className="wxm-cv-time">{` · ${props.time}`}</span>
        </div>
      ) : (
        <div className={`wxm-cv-bubble-row wxm-cv-${message.direction}`}>
          <div className="wxm-cv-bubble" {...data}>
            <MessageBody message={message} media={props.media} t={t} onNeedMedia={props.onNeedMedia} />
            <DeliveryFooter message={message} time={props.time} t={t} languageId={props.languageId} />
          </div>
        </div>
      )}
    </div>
  );
}
