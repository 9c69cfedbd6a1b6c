/** Sending a customer-service message on behalf of an authorized account (adapted from wechat/ in the root). */
export interface CustomerServicePort {
  /** message/custom/send with the authorizer's access token. Throws WechatApiError on refusal. */
  sendText(authorizerAppid: string, openid: string, content: string): Promise<void>;
}
