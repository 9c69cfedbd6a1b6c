import { describe, expect, it } from 'vitest';
import { SettingsError } from './settings-error.js';
import { loadSettings, type Env } from './settings.js';
import { loadStorageSettings } from './storage-settings.js';

const CLIENT_ID = '0f8fad5b-d9cb-469f-a165-70867728950e';

function failure(env: Env): SettingsError {
  try {
    loadStorageSettings(env);
  } catch (err) {
    if (err instanceof SettingsError) return err;
    throw err;
  }
  throw new Error('expected a SettingsError');
}

describe('loadStorageSettings', () => {
  it('keeps a connection string (Azurite, account keys) as it was', () => {
    expect(loadStorageSettings({ AzureWebJobsStorage: 'UseDevelopmentStorage=true' })).toEqual({
      kind: 'connection-string',
      connectionString: 'UseDevelopmentStorage=true',
    });
  });

  it('derives the public cloud endpoints from an account name', () => {
    expect(loadStorageSettings({ AzureWebJobsStorage__accountName: 'wxmrelay01' })).toEqual({
      kind: 'identity',
      cloud: 'AzureCloud',
      accountName: 'wxmrelay01',
      uris: {
        blob: 'https://wxmrelay01.blob.core.windows.net',
        queue: 'https://wxmrelay01.queue.core.windows.net',
        table: 'https://wxmrelay01.table.core.windows.net',
      },
      credential: undefined,
      clientId: undefined,
    });
  });

  it('derives core.chinacloudapi.cn endpoints for Azure China (世纪互联)', () => {
    const s = loadStorageSettings({ AzureWebJobsStorage__accountName: 'wxmrelay01', AZURE_CLOUD: 'AzureChinaCloud' });
    expect(s.kind === 'identity' && s.uris).toEqual({
      blob: 'https://wxmrelay01.blob.core.chinacloudapi.cn',
      queue: 'https://wxmrelay01.queue.core.chinacloudapi.cn',
      table: 'https://wxmrelay01.table.core.chinacloudapi.cn',
    });
  });

  it('takes explicit service URIs (what infra/ sets, as the host needs them in Azure China), a managed identity and its client id', () => {
    const s = loadStorageSettings({
      AZURE_CLOUD: 'AzureChinaCloud',
      AzureWebJobsStorage__blobServiceUri: 'https://acct.blob.core.chinacloudapi.cn/',
      AzureWebJobsStorage__queueServiceUri: 'https://acct.queue.core.chinacloudapi.cn',
      AzureWebJobsStorage__tableServiceUri: 'https://acct.table.core.chinacloudapi.cn',
      AzureWebJobsStorage__credential: 'managedidentity',
      AzureWebJobsStorage__clientId: CLIENT_ID,
    });
    expect(s).toEqual({
      kind: 'identity',
      cloud: 'AzureChinaCloud',
      accountName: undefined,
      uris: {
        blob: 'https://acct.blob.core.chinacloudapi.cn',
        queue: 'https://acct.queue.core.chinacloudapi.cn',
        table: 'https://acct.table.core.chinacloudapi.cn',
      },
      credential: 'managedidentity',
      clientId: CLIENT_ID,
    });
  });

  it('lets one service URI override what the account name derives', () => {
    const s = loadStorageSettings({ AzureWebJobsStorage__accountName: 'acct', AzureWebJobsStorage__tableServiceUri: 'https://tables.example.cn' });
    expect(s.kind === 'identity' && s.uris.table).toBe('https://tables.example.cn');
    expect(s.kind === 'identity' && s.uris.queue).toBe('https://acct.queue.core.windows.net');
  });

  it.each<[string, Env, string, string]>([
    ['nothing at all', {}, 'AzureWebJobsStorage', 'is required but not set (or set AzureWebJobsStorage__accountName'],
    [
      'a connection string and an identity',
      { AzureWebJobsStorage: 'UseDevelopmentStorage=true', AzureWebJobsStorage__accountName: 'acct' },
      'AzureWebJobsStorage',
      'must not be set together with AzureWebJobsStorage__*',
    ],
    [
      'one service URI without an account name',
      { AzureWebJobsStorage__blobServiceUri: 'https://a.blob.core.windows.net' },
      'AzureWebJobsStorage__queueServiceUri',
      'missing: AzureWebJobsStorage__queueServiceUri, AzureWebJobsStorage__tableServiceUri',
    ],
    ['an account name with capitals', { AzureWebJobsStorage__accountName: 'MyAccount' }, 'AzureWebJobsStorage__accountName', '3–24 lower-case'],
    [
      'an http service URI',
      { AzureWebJobsStorage__accountName: 'acct', AzureWebJobsStorage__blobServiceUri: 'http://acct.blob.core.windows.net' },
      'AzureWebJobsStorage__blobServiceUri',
      'must be an https URL',
    ],
    [
      'a SAS in a service URI',
      { AzureWebJobsStorage__accountName: 'acct', AzureWebJobsStorage__queueServiceUri: 'https://acct.queue.core.windows.net/?sig=secret' },
      'AzureWebJobsStorage__queueServiceUri',
      'must not carry a query',
    ],
    [
      'an unknown credential',
      { AzureWebJobsStorage__accountName: 'acct', AzureWebJobsStorage__credential: 'secret' },
      'AzureWebJobsStorage__credential',
      'managedidentity',
    ],
    [
      'a client id that is no GUID',
      { AzureWebJobsStorage__accountName: 'acct', AzureWebJobsStorage__clientId: 'relay' },
      'AzureWebJobsStorage__clientId',
      'GUID',
    ],
    ['an unknown cloud', { AzureWebJobsStorage__accountName: 'acct', AZURE_CLOUD: 'AzureUSGovernment' }, 'AZURE_CLOUD', 'AzureCloud or AzureChinaCloud'],
  ])('refuses %s, naming the setting', (_, env, setting, problem) => {
    const err = failure(env);
    expect(err.setting).toBe(setting);
    expect(err.message).toContain(problem);
    expect(err.message).not.toContain('secret');
  });
});

describe('loadSettings with an identity-based storage connection', () => {
  it('starts without AzureWebJobsStorage and leaves the connection string empty', () => {
    const s = loadSettings({
      WECHAT_COMPONENT_APPID: 'wx1234567890abcdef',
      WECHAT_COMPONENT_APPSECRET: 'abcdef0123456789abcdef0123456789',
      WECHAT_COMPONENT_TOKEN: 'relaytoken',
      WECHAT_COMPONENT_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
      AzureWebJobsStorage__accountName: 'wxmrelay01',
      AzureWebJobsStorage__credential: 'managedidentity',
      RELAY_SECRET_KEY: Buffer.alloc(32, 1).toString('base64'),
    });
    expect(s.storage.kind).toBe('identity');
    expect(s.storageConnectionString).toBe('');
  });
});
