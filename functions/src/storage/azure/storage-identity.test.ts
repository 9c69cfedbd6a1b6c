/**
 * Identity-based storage: which endpoints the relay's Table, Queue and Blob clients talk to in each cloud, and which
 * credential asks for their tokens. The credential is exercised for real against a loopback stand-in for App
 * Service's managed identity endpoint (IDENTITY_ENDPOINT + IDENTITY_HEADER, the protocol a Function App's identity
 * speaks), so the client id of a user-assigned identity is seen on the wire, not read from a private field.
 * Docs: https://learn.microsoft.com/azure/app-service/overview-managed-identity#rest-endpoint-reference
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DefaultAzureCredential, ManagedIdentityCredential } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadStorageSettings } from '../../config/storage-settings.js';
import { blobServiceClient, queueServiceClient, tableClient } from './connection.js';
import { storageAccess, storageCredential } from './storage-identity.js';

const CLIENT_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';
const IDENTITY_HEADER = 'identity-header-for-test';

function identity(env: Record<string, string>) {
  const settings = loadStorageSettings(env);
  if (settings.kind !== 'identity') throw new Error('expected identity-based settings');
  return settings;
}

describe('identity-based storage clients', () => {
  it.each([
    ['AzureCloud', 'core.windows.net'],
    ['AzureChinaCloud', 'core.chinacloudapi.cn'],
  ])('in %s talk to <account>.<service>.%s', (cloud, suffix) => {
    const access = storageAccess(identity({ AzureWebJobsStorage__accountName: 'wxmrelay01', AZURE_CLOUD: cloud }));
    expect(tableClient(access, 'WxmTokens').url).toBe(`https://wxmrelay01.table.${suffix}`);
    expect(queueServiceClient(access).url).toBe(`https://wxmrelay01.queue.${suffix}`);
    expect(blobServiceClient(access).url).toBe(`https://wxmrelay01.blob.${suffix}/`);
    expect(blobServiceClient(access).getContainerClient('wxm-locks').url).toBe(`https://wxmrelay01.blob.${suffix}/wxm-locks`);
  });

  it('keep connection strings working (Azurite)', () => {
    const access = storageAccess(loadStorageSettings({ AzureWebJobsStorage: 'UseDevelopmentStorage=true' }));
    expect(access).toBe('UseDevelopmentStorage=true');
    expect(queueServiceClient(access).url).toBe('http://127.0.0.1:10001/devstoreaccount1');
  });

  it('pin the managed identity when __credential=managedidentity, else use the DefaultAzureCredential chain', () => {
    expect(storageCredential(identity({ AzureWebJobsStorage__accountName: 'a1b', AzureWebJobsStorage__credential: 'managedidentity' }))).toBeInstanceOf(
      ManagedIdentityCredential,
    );
    expect(storageCredential(identity({ AzureWebJobsStorage__accountName: 'a1b' }))).toBeInstanceOf(DefaultAzureCredential);
  });
});

describe('the managed identity credential on a Function App', () => {
  const seen: { url: URL; header: string | undefined }[] = [];
  let server: Server;
  const saved = { endpoint: process.env.IDENTITY_ENDPOINT, header: process.env.IDENTITY_HEADER };

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ url: new URL(req.url ?? '/', 'http://127.0.0.1'), header: req.headers['x-identity-header'] as string | undefined });
      res.setHeader('content-type', 'application/json');
      const expiresOn = Math.floor(Date.now() / 1000) + 3600;
      res.end(
        JSON.stringify({ access_token: `token-${seen.length}`, expires_on: String(expiresOn), resource: 'https://storage.azure.com/', token_type: 'Bearer' }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    process.env.IDENTITY_ENDPOINT = `http://127.0.0.1:${(server.address() as AddressInfo).port}/msi/token`;
    process.env.IDENTITY_HEADER = IDENTITY_HEADER;
  });

  afterAll(async () => {
    restore('IDENTITY_ENDPOINT', saved.endpoint);
    restore('IDENTITY_HEADER', saved.header);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('asks for a storage token as the user-assigned identity named by AzureWebJobsStorage__clientId', async () => {
    const credential = storageCredential(
      identity({
        AzureWebJobsStorage__accountName: 'wxmrelay01',
        AzureWebJobsStorage__credential: 'managedidentity',
        AzureWebJobsStorage__clientId: CLIENT_ID,
      }),
    );
    const token = await credential.getToken('https://storage.azure.com/.default');
    expect(token?.token).toMatch(/^token-\d+$/);
    const request = seen.at(-1)!;
    expect(request.header).toBe(IDENTITY_HEADER);
    expect(request.url.pathname).toBe('/msi/token');
    expect(request.url.searchParams.get('resource')).toBe('https://storage.azure.com');
    expect(request.url.searchParams.get('client_id')).toBe(CLIENT_ID);
  });

  it('asks as the system-assigned identity when no client id is set', async () => {
    const credential = storageCredential(identity({ AzureWebJobsStorage__accountName: 'wxmrelay01', AzureWebJobsStorage__credential: 'managedidentity' }));
    await credential.getToken('https://storage.azure.com/.default');
    const request = seen.at(-1)!;
    expect(request.url.searchParams.get('resource')).toBe('https://storage.azure.com');
    expect(request.url.searchParams.has('client_id')).toBe(false);
  });
});

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
