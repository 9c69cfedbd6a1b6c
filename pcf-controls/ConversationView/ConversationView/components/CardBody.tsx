/** Link cards and the other card-like messages: a kind label, a title, a description and the link if any. */
import { Link } from '@fluentui/react';
import * as React from 'react';
import type { ChatMessage } from '../conversation/message';
import type { StringKey, Translate } from '../conversation/strings';

const LABELS: Partial<Record<ChatMessage['kind'], StringKey>> = {
  link: 'Message_Link',
  news: 'Message_News',
  music: 'Message_Music',
  miniprogram: 'Message_MiniProgram',
  template: 'Message_Template',
};

/** The relay writes a link's content as title, description and URL on separate lines; show the description only. */
function descriptionOf(message: ChatMessage): string {
  const lines = message.content.split('\n');
  if (message.kind === 'link') return lines.filter((l) => l !== message.title && l !== message.mediaUrl).join('\n');
  return message.content;
}

export function CardBody(props: { message: ChatMessage; t: Translate }): React.ReactElement {
  const { message, t } = props;
  const label = LABELS[message.kind] ?? 'Message_Link';
  const url = /^https?:\/\//.test(message.mediaUrl) && message.kind !== 'miniprogram' ? message.mediaUrl : '';
  return (
    <div className="wxm-cv-card">
      <div className="wxm-cv-card-kind">{t(label)}</div>
      {message.title && <div className="wxm-cv-card-title">{message.title}</div>}
      {descriptionOf(message) && <div className="wxm-cv-card-description">{descriptionOf(message)}</div>}
      {url && (
        <Link className="wxm-cv-card-url" href={url} target="_blank" rel="noopener noreferrer">
          {url}
        </Link>
      )}
    </div>
  );
}
