/**
 * The conversation with one follower: header with the reply window, the messages (windowed), and the composer.
 * Props in, callbacks out: the adapter (index.ts) supplies the state snapshot, texts and formatters.
 */
import { MessageBar, MessageBarType, Spinner, SpinnerSize } from '@fluentui/react';
import * as React from 'react';
import type { ConversationState } from '../conversation/conversation-store';
import type { Formatters } from '../conversation/formatters';
import type { ChatMessage } from '../conversation/message';
import type { Reply } from '../conversation/queries';
import { replyWindow } from '../conversation/reply-window';
import type { Translate } from '../conversation/strings';
import { estimateHeight } from '../conversation/windowing';
import { Composer } from './Composer';
import { MessageBubble } from './MessageBubble';
import { MessageList } from './MessageList';
import { WindowBanner } from './WindowBanner';

export interface ConversationProps {
  state: ConversationState;
  t: Translate;
  languageId: number;
  formatters: Formatters;
  readOnly: boolean;
  /** Height of the message area in px. */
  listHeight: number;
  onLoadOlder: () => void;
  onSend: (reply: Reply) => Promise<boolean>;
  onNeedMedia: (messageId: string) => void;
}

const keyOf = (m: ChatMessage) => m.id;

export function Conversation(props: ConversationProps): React.ReactElement {
  const { state, t, formatters } = props;
  if (state.phase === 'idle') return <div className="wxm-cv wxm-cv-notice">{t('NoFollower')}</div>;
  if (state.phase === 'loading') return <Spinner className="wxm-cv wxm-cv-notice" size={SpinnerSize.medium} label={t('Loading')} />;
  if (state.phase === 'error' || !state.follower) {
    return (
      <MessageBar className="wxm-cv" messageBarType={MessageBarType.error} isMultiline>
        {t('LoadError', state.loadError ?? '')}
      </MessageBar>
    );
  }

  const { follower, messages, now } = state;
  const window = replyWindow({
    ...(follower.recorded && { recorded: follower.recorded }),
    ...(state.lastInteractionAt !== undefined && { lastInteractionAt: state.lastInteractionAt }),
    ...(state.lastInteractionBy && { lastInteractionBy: state.lastInteractionBy }),
    messages,
    now,
    following: follower.following,
  });
  const name = follower.name || t('Property_FollowerName');
  const dayOf = (m: ChatMessage | undefined) => (m ? formatters.day(m.at, now) : undefined);

  const renderItem = (m: ChatMessage, index: number) => {
    const day = dayOf(m);
    return (
      <MessageBubble
        message={m}
        dayLabel={day !== dayOf(messages[index - 1]) ? day : undefined}
        time={formatters.time(m.at)}
        t={t}
        languageId={props.languageId}
        media={state.media[m.id]}
        onNeedMedia={props.onNeedMedia}
      />
    );
  };
  const header = state.loadingOlder ? (
    <Spinner size={SpinnerSize.small} label={t('LoadingOlder')} labelPosition="right" />
  ) : (
    !state.hasOlder && <span>{t(messages.length > 0 ? 'StartOfConversation' : 'Empty')}</span>
  );

  return (
    <div className="wxm-cv" data-testid="conversation" lang={props.languageId === 2052 ? 'zh-CN' : 'en'}>
      <div className="wxm-cv-header">
        <div className="wxm-cv-title">{t('Header_Title', name)}</div>
        <WindowBanner window={window} followerName={name} duration={formatters.duration} t={t} />
        {state.pollError && <div className="wxm-cv-reconnecting">{t('Reconnecting')}</div>}
      </div>
      <MessageList
        items={messages}
        keyOf={keyOf}
        estimate={estimateHeight}
        renderItem={renderItem}
        height={props.listHeight}
        header={header}
        onReachTop={() => {
          if (state.hasOlder && !state.loadingOlder) props.onLoadOlder();
        }}
      />
      <Composer
        t={t}
        readOnly={props.readOnly}
        closed={window.open ? undefined : { reason: window.reason, followerName: name }}
        sending={state.sending}
        sendError={state.sendError}
        onSend={props.onSend}
      />
    </div>
  );
}
