/** Why a token cannot be produced at all (as opposed to WeChat refusing a call: that is WechatApiError). */
export type WechatTokenErrorKind =
  /** No component_verify_ticket has been received yet (or it was lost): wait for a push or call api_start_push_ticket. */
  | 'no-verify-ticket'
  /** No authorizer_refresh_token is stored for this account: it must authorize again. */
  | 'no-refresh-token';

export class WechatTokenError extends Error {
  override readonly name = 'WechatTokenError';

  constructor(
    readonly kind: WechatTokenErrorKind,
    /** The component or authorizer appid concerned. */
    readonly appid: string,
    message: string,
  ) {
    super(message);
  }
}
