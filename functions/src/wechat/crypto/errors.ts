/**
 * WXBizMsgCrypt's local error codes (from the official samples: WXBizMsgCrypt_ValidateSignature_Error = -40001…).
 * They are not API errcodes. The message never contains key material, ciphertext or plaintext.
 *
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/Message_encryption_and_decryption.html
 */
export const WechatCryptoErrorCode = {
  ValidateSignature: -40001,
  ParseXml: -40002,
  ComputeSignature: -40003,
  IllegalAesKey: -40004,
  ValidateReceiveId: -40005,
  EncryptAes: -40006,
  DecryptAes: -40007,
  IllegalBuffer: -40008,
  EncodeBase64: -40009,
  DecodeBase64: -40010,
} as const;

export type WechatCryptoErrorCode = (typeof WechatCryptoErrorCode)[keyof typeof WechatCryptoErrorCode];

const NAMES: Record<WechatCryptoErrorCode, string> = {
  [-40001]: 'ValidateSignature_Error',
  [-40002]: 'ParseXml_Error',
  [-40003]: 'ComputeSignature_Error',
  [-40004]: 'IllegalAesKey',
  [-40005]: 'ValidateAppid_Error',
  [-40006]: 'EncryptAES_Error',
  [-40007]: 'DecryptAES_Error',
  [-40008]: 'IllegalBuffer',
  [-40009]: 'EncodeBase64_Error',
  [-40010]: 'DecodeBase64_Error',
};

export class WechatCryptoError extends Error {
  override readonly name = 'WechatCryptoError';
  /** The official sample's constant name, e.g. `ValidateAppid_Error`. */
  readonly codeName: string;

  constructor(
    readonly code: WechatCryptoErrorCode,
    message: string,
  ) {
    super(`${NAMES[code]} (${code}): ${message}`);
    this.codeName = NAMES[code];
  }
}
