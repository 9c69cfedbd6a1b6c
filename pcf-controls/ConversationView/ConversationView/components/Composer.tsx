/**
 * Writing a reply: text with emoji, or an image (JPG, PNG or GIF up to 5 MB, the size a note holds by default).
 * When WeChat would refuse a reply, the composer says why instead and points to template messages.
 */
import { DefaultButton, MessageBar, MessageBarType, PrimaryButton, TextField } from '@fluentui/react';
import * as React from 'react';
import type { Reply } from '../conversation/queries';
import type { Translate } from '../conversation/strings';
import { EmojiPicker } from './EmojiPicker';
import { ClosedWindowNotice, type ClosedReason } from './WindowBanner';

export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif'];
export const MAX_IMAGE_BYTES = 5 * 1024 * 1024;

export interface ComposerProps {
  t: Translate;
  closed?: { reason: ClosedReason; followerName: string };
  readOnly: boolean;
  sending: boolean;
  sendError?: string;
  onSend: (reply: Reply) => Promise<boolean>;
}

type ImageReply = Extract<Reply, { kind: 'image' }>;

function readImage(file: File): Promise<ImageReply> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () =>
      resolve({
        kind: 'image',
        fileName: file.name,
        mimeType: file.type,
        base64: typeof reader.result === 'string' ? reader.result.replace(/^data:[^,]*,/, '') : '',
      });
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsDataURL(file);
  });
}

export function Composer(props: ComposerProps): React.ReactElement {
  const { t } = props;
  const [text, setText] = React.useState('');
  const [image, setImage] = React.useState<ImageReply | undefined>(undefined);
  const [showEmoji, setShowEmoji] = React.useState(false);
  const [problem, setProblem] = React.useState<string | undefined>(undefined);
  const fileInput = React.useRef<HTMLInputElement>(null);

  if (props.readOnly) return <div className="wxm-cv-composer wxm-cv-composer-readonly">{t('Composer_ReadOnly')}</div>;
  if (props.closed) {
    return (
      <div className="wxm-cv-composer" data-testid="composer-closed">
        <ClosedWindowNotice reason={props.closed.reason} followerName={props.closed.followerName} t={t} />
      </div>
    );
  }

  const onFile = (event: React.ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    if (!IMAGE_TYPES.includes(file.type)) return setProblem(t('Composer_ImageType'));
    if (file.size > MAX_IMAGE_BYTES) return setProblem(t('Composer_ImageTooLarge'));
    setProblem(undefined);
    readImage(file)
      .then(setImage)
      .catch((error: unknown) => setProblem(error instanceof Error ? error.message : t('Composer_ImageType')));
  };

  const send = async () => {
    if (image && !(await props.onSend(image))) return;
    setImage(undefined);
    if (text.trim() && !(await props.onSend({ kind: 'text', text }))) return;
    setText('');
    setShowEmoji(false);
  };
  const canSend = !props.sending && (text.trim() !== '' || image !== undefined);

  return (
    <div className="wxm-cv-composer" data-testid="composer">
      {(problem ?? props.sendError) && (
        <MessageBar messageBarType={MessageBarType.error} isMultiline>
          {problem ?? t('Composer_SendFailed', props.sendError ?? '')}
        </MessageBar>
      )}
      {image && (
        <div className="wxm-cv-attachment" data-testid="attachment">
          <img src={`data:${image.mimeType};base64,${image.base64}`} alt={image.fileName} className="wxm-cv-attachment-preview" />
          <DefaultButton text={t('Composer_RemoveImage')} onClick={() => setImage(undefined)} />
        </div>
      )}
      <TextField
        label={t('Composer_Label')}
        placeholder={t('Composer_Placeholder')}
        multiline
        autoAdjustHeight
        rows={2}
        value={text}
        onChange={(_e, value) => setText(value ?? '')}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && canSend) void send();
        }}
        data-testid="composer-text"
      />
      {showEmoji && <EmojiPicker onPick={(emoji) => setText((current) => current + emoji)} />}
      <div className="wxm-cv-composer-actions">
        <DefaultButton text={t('Composer_Emoji')} onClick={() => setShowEmoji((v) => !v)} aria-expanded={showEmoji} />
        <DefaultButton text={t('Composer_Image')} onClick={() => fileInput.current?.click()} />
        <input ref={fileInput} type="file" accept={IMAGE_TYPES.join(',')} hidden onChange={onFile} data-testid="composer-file" />
        <PrimaryButton
          text={props.sending ? t('Composer_Sending') : t('Composer_Send')}
          disabled={!canSend}
          onClick={() => void send()}
          data-testid="composer-send"
        />
      </div>
    </div>
  );
}
