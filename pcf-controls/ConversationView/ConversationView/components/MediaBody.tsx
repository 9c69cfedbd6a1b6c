/**
 * Images, voice and video from the message's notes: a preview, a player, or the note's own words when WeChat
 * did not provide the file. Asks for the notes when it is first rendered (only visible bubbles load media).
 */
import { Link, Spinner, SpinnerSize } from '@fluentui/react';
import * as React from 'react';
import { noteOfType, type MediaState } from '../conversation/media';
import type { ChatMessage } from '../conversation/message';
import type { Translate } from '../conversation/strings';

export interface MediaBodyProps {
  message: ChatMessage;
  media?: MediaState;
  t: Translate;
  onNeedMedia: (messageId: string) => void;
}

export function MediaBody(props: MediaBodyProps): React.ReactElement {
  const { message, media, t, onNeedMedia } = props;
  React.useEffect(() => {
    if (!media) onNeedMedia(message.id);
  }, [message.id, media, onNeedMedia]);

  if (!media || media.status === 'loading') return <Spinner size={SpinnerSize.small} label={t('Media_Loading')} labelPosition="right" />;
  const notes = media.status === 'ready' ? media.notes : [];
  const missing = notes.find((n) => n.text && !n.dataUrl)?.text ?? t('Media_NotAvailable');
  const image = noteOfType(notes, 'image/');

  if (message.kind === 'image') {
    return image?.dataUrl ? (
      <a href={image.dataUrl} target="_blank" rel="noopener noreferrer" className="wxm-cv-image-link">
        <img className="wxm-cv-image" src={image.dataUrl} alt={image.fileName || t('Message_Image')} />
      </a>
    ) : (
      <div className="wxm-cv-media-missing">{missing}</div>
    );
  }

  if (message.kind === 'voice') {
    const voice = noteOfType(notes, 'audio/');
    return (
      <div className="wxm-cv-voice">
        <div className="wxm-cv-card-kind">{t('Message_Voice')}</div>
        {voice?.dataUrl ? (
          <audio controls preload="metadata" src={voice.dataUrl} className="wxm-cv-audio" />
        ) : (
          <div className="wxm-cv-media-missing">{missing}</div>
        )}
        {message.content && <div className="wxm-cv-recognition">{t('Message_VoiceRecognition', message.content)}</div>}
        {voice?.dataUrl && (
          <Link href={voice.dataUrl} download={voice.fileName || 'voice'}>
            {t('Media_Download')}
          </Link>
        )}
      </div>
    );
  }

  const video = noteOfType(notes, 'video/');
  return (
    <div className="wxm-cv-video">
      <div className="wxm-cv-card-kind">{t(message.kind === 'shortvideo' ? 'Message_ShortVideo' : 'Message_Video')}</div>
      {video?.dataUrl ? (
        <video controls preload="none" src={video.dataUrl} poster={image?.dataUrl} className="wxm-cv-video-player" />
      ) : image?.dataUrl ? (
        <img className="wxm-cv-image" src={image.dataUrl} alt={t('Message_Video')} />
      ) : (
        <div className="wxm-cv-media-missing">{missing}</div>
      )}
    </div>
  );
}
