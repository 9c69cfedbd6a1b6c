/** What only the Azure adapters have: wire format of queue messages, sealing at rest, names, connection strings. */
import { QueueClient } from '@azure/storage-queue';
import { describe, expect, it } from 'vitest';
import { azuriteConnectionString, uniqueNamePrefix } from '../../../../test/support/azurite.js';
import { ManualClock } from '@wxm/testkit/kit/storage/memory/manual-clock';
import { AesGcmSecretBox, generateSecretKey } from '../secret-box.js';
import { queueServiceClient, tableClient, usesHttp } from './connection.js';
import { createAzureStorage } from './create-azure-storage.js';
import { storageNames } from './names.js';

const secretBox = new AesGcmSecretBox(generateSecretKey());

describe('Azure storage specifics', () => {
  it('writes queue messages as base64 JSON, as the Functions host reads them by default', async () => {
    const storage = await createAzureStorage(azuriteConnectionString(), { secretBox, namePrefix: uniqueNamePrefix('q') });
    await storage.queue('inbound').enqueue({ appid: 'wxA', text: '你好' });
    const client: QueueClient = queueServiceClient(azuriteConnectionString()).getQueueClient(storage.names.queue('inbound'));
    const {
      receivedMessageItems: [item],
    } = await client.receiveMessages();
    expect(Buffer.from(item!.messageText, 'base64').toString('utf8')).toBe('{"appid":"wxA","text":"你好"}');
    expect(item!.messageText).toBe(Buffer.from('{"appid":"wxA","text":"你好"}').toString('base64'));
  });

  it('fails clearly when a sealed refresh token was altered at rest', async () => {
    const storage = await createAzureStorage(azuriteConnectionString(), { secretBox, namePrefix: uniqueNamePrefix('s') });
    await storage.refreshTokens.put('wxT', 'refresh-secret');
    const table = tableClient(azuriteConnectionString(), storage.names.tables.refreshTokens);
    const entity = await table.getEntity<{ sealed: string }>('wxT', 'refresh');
    const [v, iv, tag, data] = entity.sealed.split('.') as [string, string, string, string];
    const other = secretBox.seal('other-value').split('.')[3]!;
    await table.updateEntity({ partitionKey: 'wxT', rowKey: 'refresh', sealed: [v, iv, tag, other].join('.') }, 'Merge');
    const err = await storage.refreshTokens.get('wxT').catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'SecretBoxError', code: 'sealed-value-tampered' });
    expect(String((err as Error).message)).not.toContain(data);
  });

  it('creates its tables idempotently under the expected names', async () => {
    const namePrefix = uniqueNamePrefix('i');
    const first = await createAzureStorage(azuriteConnectionString(), { secretBox, namePrefix, clock: new ManualClock() });
    await first.tokens.put('component:wx1', { value: 'v', expiresAt: 5 });
    const second = await createAzureStorage(azuriteConnectionString(), { secretBox, namePrefix });
    expect(await second.tokens.get('component:wx1')).toEqual({ value: 'v', expiresAt: 5 });
    expect(first.names.tables).toEqual({
      tokens: `${namePrefix}WxmTokens`,
      verifyTickets: `${namePrefix}WxmVerifyTickets`,
      refreshTokens: `${namePrefix}WxmRefreshTokens`,
      authorizers: `${namePrefix}WxmAuthorizers`,
      keyValues: `${namePrefix}WxmKeyValues`,
      signedServices: `${namePrefix}WxmSignedServices`,
      parkedDeliveries: `${namePrefix}WxmParkedDeliveries`,
    });
    for (const name of Object.values(first.names.tables)) expect(name).toMatch(/^[A-Za-z][A-Za-z0-9]{2,62}$/);
    expect(first.names.queues).toEqual({ inbound: `${namePrefix}-wechat-inbound`, tasks: `${namePrefix}-relay-tasks` });
    // The factory creates every table it names: the second instance reads what the first wrote in each.
    await first.kv.put('state:s1', 'v1');
    await first.signedServices.put({ organizationId: 'o1', signedServiceId: 's1', state: 'connected', reason: 'connected', updatedAt: 1 });
    expect(await second.kv.get('state:s1')).toBe('v1');
    expect((await second.signedServices.get('o1', 's1'))?.state).toBe('connected');
    expect(await second.parked.peek('wx1')).toEqual([]);
  });

  it('reports an unreachable account as StorageUnavailableError', async () => {
    const dead =
      'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=' +
      'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;' +
      'BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;QueueEndpoint=http://127.0.0.1:1/devstoreaccount1;' +
      'TableEndpoint=http://127.0.0.1:1/devstoreaccount1;';
    await expect(createAzureStorage(dead, { secretBox, namePrefix: 'dead' })).rejects.toMatchObject({ name: 'StorageUnavailableError', code: 'unavailable' });
  });

  it('accepts UseDevelopmentStorage=true and http endpoints; refuses a missing string', async () => {
    expect(usesHttp('UseDevelopmentStorage=true')).toBe(true);
    expect(usesHttp(azuriteConnectionString())).toBe(true);
    expect(usesHttp('DefaultEndpointsProtocol=https;AccountName=prod;AccountKey=a2V5;EndpointSuffix=core.windows.net')).toBe(false);
    expect(tableClient('UseDevelopmentStorage=true', 'WxmTokens').url).toBe('http://127.0.0.1:10002/devstoreaccount1');
    expect(queueServiceClient('UseDevelopmentStorage=true').url).toBe('http://127.0.0.1:10001/devstoreaccount1');
    await expect(createAzureStorage('', { secretBox })).rejects.toMatchObject({ code: 'invalid-config' });
  });

  it('validates name prefixes and queue names', () => {
    expect(storageNames('abc1').queue('inbound-messages')).toBe('abc1-inbound-messages');
    expect(storageNames().queue('inbound-messages')).toBe('inbound-messages');
    expect(storageNames().locksContainer).toBe('wxm-locks');
    expect(() => storageNames('Bad-Prefix')).toThrow(expect.objectContaining({ code: 'invalid-config' }));
    expect(() => storageNames().queue('Upper')).toThrow('"Upper" is not a valid queue name (3–63 of a-z, 0-9, single hyphens)');
    expect(() => storageNames().queue('a--b')).toThrow(/not a valid queue name/);
  });
});
