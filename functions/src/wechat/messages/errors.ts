/** A well-formed XML document that is not a usable WeChat message (a required field is missing). */
export class WechatMessageError extends Error {
  override readonly name = 'WechatMessageError';

  constructor(
    /** The XML element that was missing or empty. */
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
