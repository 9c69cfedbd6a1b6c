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
  /** A mini program card (miniprogrampage) with a thumbnail already uploaded. Throws WechatApiError on refusal. */
  sendMiniProgramPage?(authorizerAppid: string, openid: string, card: MiniProgramCard): Promise<void>;
}

export interface MiniProgramCard {
  title: string;
  appid: string;
  pagepath: string;
  thumbMediaId: string;
}
