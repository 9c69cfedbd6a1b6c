/** In-memory AuthorizerRefreshTokenStore: sealed like the table one; there is no way to delete a token. */
import type { SecretBox } from '../../../../functions/src/relay/ports/storage.js';
import type { AuthorizerRefreshTokenStore } from '../../../../functions/src/wechat/tokens/ports.js';
import { requireKey, requireText } from '../../../../functions/src/storage/validate.js';

export class MemoryAuthorizerRefreshTokenStore implements AuthorizerRefreshTokenStore {
  readonly #sealed = new Map<string, string>();
  readonly #box: SecretBox;

  constructor(options: { secretBox: SecretBox }) {
    this.#box = options.secretBox;
  }

  async get(authorizerAppid: string): Promise<string | undefined> {
    const sealed = this.#sealed.get(requireKey('authorizer appid', authorizerAppid));
    return sealed === undefined ? undefined : this.#box.open(sealed);
  }

  async put(authorizerAppid: string, refreshToken: string): Promise<void> {
    requireKey('authorizer appid', authorizerAppid);
    // An empty value would silently drop the token: refuse it.
    requireText('authorizer refresh token', refreshToken);
    this.#sealed.set(authorizerAppid, this.#box.seal(refreshToken));
  }

  /** The sealed value kept at rest, for tests. */
  rawSealed(authorizerAppid: string): string | undefined {
    return this.#sealed.get(authorizerAppid);
  }
}
