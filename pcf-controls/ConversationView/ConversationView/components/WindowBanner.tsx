/**
 * The 48-hour customer-service window at a glance: time and replies left while it is open (above the messages);
 * why it is closed and what to do instead, a template message, when it is not (in place of the composer).
 */
import { Link, MessageBar, MessageBarType } from '@fluentui/react';
import * as React from 'react';
import type { ReplyWindow } from '../conversation/reply-window';
import type { StringKey, Translate } from '../conversation/strings';

/** WeChat's template message documentation, where an operator learns how to reach a follower outside the window. */
export const TEMPLATE_MESSAGE_DOC = 'https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html';

const CLOSED_KEYS: Record<Extract<ReplyWindow, { open: false }>['reason'], StringKey> = {
  never: 'Window_Closed_Never',
  expired: 'Window_Closed_Expired',
  quota: 'Window_Closed_Quota',
  unfollowed: 'Window_Closed_Unfollowed',
};

export interface WindowBannerProps {
  window: ReplyWindow;
  followerName: string;
  duration: (ms: number) => string;
  t: Translate;
}

export function WindowBanner(props: WindowBannerProps): React.ReactElement | null {
  const { window: w, t } = props;
  if (!w.open) return null;
  return (
    <div
      className="wxm-cv-window wxm-cv-window-open"
      data-testid="reply-window"
      data-open="true"
      data-messages-left={w.messagesLeft}
      data-short={w.short ? 'true' : undefined}
    >
      {t(w.short ? 'Window_Open_Short' : 'Window_Open', props.duration(w.msLeft), w.messagesLeft)}
    </div>
  );
}

export type ClosedReason = Extract<ReplyWindow, { open: false }>['reason'];

export function ClosedWindowNotice(props: { reason: ClosedReason; followerName: string; t: Translate }): React.ReactElement {
  const { t } = props;
  return (
    <MessageBar
      messageBarType={MessageBarType.warning}
      isMultiline
      className="wxm-cv-window"
      data-testid="reply-window"
      data-open="false"
      data-reason={props.reason}
    >
      {t(CLOSED_KEYS[props.reason], props.followerName)} {props.reason !== 'unfollowed' && t('Window_TemplateHint')}{' '}
      {props.reason !== 'unfollowed' && (
        <Link href={TEMPLATE_MESSAGE_DOC} target="_blank" rel="noopener noreferrer">
          {t('Window_TemplateLink')}
        </Link>
      )}
    </MessageBar>
  );
}
