/**
 * The one error type of the hardened XML layer. The registration layer maps `too-large` to 413 and the
 * others to 400; the message never contains the document itself (it may hold a user's private text).
 */
export type WechatXmlErrorKind = 'too-large' | 'doctype' | 'malformed';

export class WechatXmlError extends Error {
  override readonly name = 'WechatXmlError';

  constructor(
    readonly kind: WechatXmlErrorKind,
    message: string,
  ) {
    super(message);
  }
}
