/** A row of common emoji the operator can add to a reply (WeChat shows standard emoji as they are). */
import { DefaultButton } from '@fluentui/react';
import * as React from 'react';

export const EMOJI = ['😀', '😂', '😊', '😍', '🤔', '😅', '😢', '👍', '👏', '🙏', '🤝', '👋', '🎉', '❤️', '🌹', '☕'] as const;

export function EmojiPicker(props: { onPick: (emoji: string) => void }): React.ReactElement {
  return (
    <div className="wxm-cv-emoji" role="listbox" data-testid="emoji-picker">
      {EMOJI.map((emoji) => (
        <DefaultButton key={emoji} className="wxm-cv-emoji-button" text={emoji} onClick={() => props.onPick(emoji)} role="option" />
      ))}
    </div>
  );
}
