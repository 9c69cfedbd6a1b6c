/** GET /api/signed-services/{org}/{id}/status as the host calls it: 400 for ids, 404 unknown, 503 (not 500) while storage is down. */
import { HttpRequest, InvocationContext } from '@azure/functions';
import { afterEach, describe, expect, it } from 'vitest';
import { useRelay } from '../app/current.js';
import { createRelay } from '../app/relay.js';
import { loadSettings } from '../config/settings.js';
import { COMPONENT, memoryWorld } from '@wxm/testkit/kit/relay/fixtures';
import { MemorySignedServiceRegistry } from '@wxm/testkit/kit/storage/memory/memory-signed-service-registry';
import { signedServiceStatus } from './signed-service-status.js';

const ORG = '0f8fad5b-d9cb-469f-a165-70867728950e';
const ROW = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

const settings = (storage = 'UseDevelopmentStorage=true') =>
  loadSettings({
    WECHAT_COMPONENT_APPID: COMPONENT.appid,
    WECHAT_COMPONENT_APPSECRET: 'abcdef0123456789abcdef0123456789',
    WECHAT_COMPONENT_TOKEN: COMPONENT.token,
    WECHAT_COMPONENT_AES_KEY: COMPONENT.encodingAesKey,
    AzureWebJobsStorage: storage,
    RELAY_SECRET_KEY: Buffer.alloc(32, 9).toString('base64'),
  });

function memoryRelay(signedServices = new MemorySignedServiceRegistry()) {
  const world = memoryWorld();
  return createRelay(settings(), {
    storage: { ...world.storage, signedServices },
    clock: world.clock,
  });
}

const get = (org: string, row: string) =>
  signedServiceStatus(
    new HttpRequest({ method: 'GET', url: `http://localhost/api/signed-services/${org}/${row}/status`, params: { organizationId: org, signedServiceId: row } }),
    new InvocationContext({ invocationId: 's', functionName: 'signedServiceStatus', logHandler: () => undefined }),
  );

afterEach(() => useRelay(undefined));

describe('signed service status route', () => {
  it('400 for ids that are not GUIDs, 404 for an unknown Signed Service', async () => {
    useRelay(memoryRelay());
    expect((await get('x', ROW)).status).toBe(400);
    expect(await get(ORG, ROW)).toMatchObject({ status: 404, jsonBody: { error: 'unknown signed service' } });
  });

  it('503 with Retry-After when the registry cannot be read', async () => {
    const down = new MemorySignedServiceRegistry();
    down.get = async () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { name: 'RestError' }));
    useRelay(memoryRelay(down));
    expect(await get(ORG, ROW)).toMatchObject({ status: 503, jsonBody: { error: 'storage unavailable' }, headers: { 'retry-after': '5' } });
  });

  it('503 when storage cannot be opened at all', async () => {
    const dead =
      'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=' +
      Buffer.alloc(64, 1).toString('base64') +
      ';BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;QueueEndpoint=http://127.0.0.1:1/devstoreaccount1;TableEndpoint=http://127.0.0.1:1/devstoreaccount1;';
    useRelay(createRelay(settings(dead)));
    expect((await get(ORG, ROW)).status).toBe(503);
  });
});
