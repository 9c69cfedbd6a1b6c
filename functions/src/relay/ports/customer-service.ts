/** Sending customer-service messages on behalf of an authorized account (adapted from wechat/ in the root). */
export interface OutboundImage {
  bytes: Uint8Array;
  filename: string;
  contentType: string;
}

export interface CustomerServicePort {
  /** message/custom/send with the authorizer's access token. Throws WechatApiError on refusal. */
  sendText(authorizerAppid: string, openid: string, content: string): Promise<void>;
  /** Uploads the image through media/upload, then sends it. Throws WechatApiError on refusal. */
  sendImage(authorizerAppid: string, openid: string, image: OutboundImage): Promise<void>;
}
