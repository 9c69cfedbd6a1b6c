/**
 * AuthorizerRefreshTokenStore on Azure Tables: one entity per authorizer appid, the token sealed with the
 * SecretBox (AES-256-GCM). There is deliberately no delete: losing the token forces the customer to
 * re-authorize, and WeChat may return a new one on every refresh, which must replace the old one
 * (https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/api_authorizer_token.html).
 */
import type { TableClient } from '@azure/data-tables';
import type { SecretBox } from '../../relay/ports/storage.js';
import type { AuthorizerRefreshTokenStore } from '../../wechat/tokens/ports.js';
import { requireKey, requireText } from '../validate.js';
import { isNotFound } from './table-errors.js';
import { encodeTableKey } from './table-keys.js';

const ROW = 'refresh';

export class TableAuthorizerRefreshTokenStore implements AuthorizerRefreshTokenStore {
  readonly #table: TableClient;
  readonly #box: SecretBox;

  constructor(options: { table: TableClient; secretBox: SecretBox }) {
    this.#table = options.table;
    this.#box = options.secretBox;
  }

  async get(authorizerAppid: string): Promise<string | undefined> {
    requireKey('authorizer appid', authorizerAppid);
    try {
      const e = await this.#table.getEntity<{ sealed: string }>(encodeTableKey(authorizerAppid), ROW);
      return this.#box.open(e.sealed);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async put(authorizerAppid: string, refreshToken: string): Promise<void> {
    requireKey('authorizer appid', authorizerAppid);
    // An empty value would silently drop the token: refuse it.
    requireText('authorizer refresh token', refreshToken);
    await this.#table.upsertEntity(
      { partitionKey: encodeTableKey(authorizerAppid), rowKey: ROW, appid: authorizerAppid, sealed: this.#box.seal(refreshToken) },
      'Replace',
    );
  }
}
