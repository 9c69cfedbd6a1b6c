/** Under a reply: when it was written, whether WeChat has it, and if not, why (the relay's reason, in the user's language). */
import * as React from 'react';
import { reasonInLanguage, type ChatMessage } from '../conversation/message';
import type { StringKey, Translate } from '../conversation/strings';

const STATUS_KEYS: Record<ChatMessage['status'], StringKey | undefined> = {
  received: undefined,
  pending: 'Status_Pending',
  sending: 'Status_Sending',
  sent: 'Status_Sent',
  failed: 'Status_Failed',
};

export function DeliveryFooter(props: { message: ChatMessage; time: string; t: Translate; languageId: number }): React.ReactElement {
  const { message, t } = props;
  const statusKey = message.direction === 'outbound' ? STATUS_KEYS[message.status] : undefined;
  return (
    <div className="wxm-cv-footer">
      <span className="wxm-cv-time">{props.time}</span>
      {statusKey && (
        <span className={`wxm-cv-status wxm-cv-status-${message.status}`} data-testid="delivery-status" data-status={message.status}>
          {t(statusKey)}
        </span>
      )}
      {message.status === 'failed' && (
        <div className="wxm-cv-failure" role="alert" data-testid="failure-reason">
          {reasonInLanguage(message.errorDetail, props.languageId)}
          {message.errorCode !== undefined && message.errorCode !== 0 && (
            <span className="wxm-cv-failure-code">{` (${t('Failure_Code', message.errorCode)})`}</span>
          )}
        </div>
      )}
    </div>
  );
}
