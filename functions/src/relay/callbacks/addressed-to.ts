/**
 * A push is accepted only for the account it names. The signature covers the ciphertext, not the URL's
 * `$APPID$`, so without this check a push signed for account X could be posted to account Y's callback URL and
 * stored under Y. WeChat sets `ToUserName` (inside the ciphertext, and in clear in the outer XML) to the
 * receiving account's original ID (gh_…), which the relay keeps in the authorizer record.
 *
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/Before_Develop/message_push.html
 * https://developers.weixin.qq.com/doc/service/en/Message_Management/Receiving_standard_messages.html
 */
import { CallbackRejected } from '../errors.js';

export interface PushAddress {
  /** ToUserName of the decrypted message. */
  decrypted: string;
  /** ToUserName of the outer XML, when WeChat sent one. */
  outer: string | undefined;
}

/** Which part names another account (undefined: both name `originalId`). */
export function misaddressed(originalId: string | undefined, address: PushAddress): 'decrypted' | 'outer' | undefined {
  if (!originalId || address.decrypted !== originalId) return 'decrypted';
  if (address.outer !== undefined && address.outer !== originalId) return 'outer';
  return undefined;
}

/** Throws 401-class CallbackRejected unless the push is addressed to the account's original ID. */
export function requireAddressedTo(authorizerAppid: string, originalId: string | undefined, address: PushAddress): void {
  const wrong = misaddressed(originalId, address);
  if (wrong) {
    throw new CallbackRejected('receive-id', `the ${wrong} ToUserName is not the original ID of account ${authorizerAppid}`);
  }
}
