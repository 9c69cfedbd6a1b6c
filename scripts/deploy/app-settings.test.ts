/**
 * The app settings infra/ sets, held against the settings the relay reads (functions/src/config/): every name the
 * template sets is either read by the relay (leaving it out changes what loadSettings returns, or stops start-up)
 * or a platform setting; every setting the relay requires is set; and with the Key Vault references resolved as
 * App Service resolves them, the relay starts on identity-based storage. Also: the tables, queues and containers
 * the template creates are the ones the relay uses.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SettingsError } from '../../functions/src/config/settings-error.js';
import { loadSettings, type Env } from '../../functions/src/config/settings.js';
import { poisonQueueName } from '../../functions/src/functions/poison.js';
import { QUEUES } from '../../functions/src/relay/envelope.js';
import { storageNames } from '../../functions/src/storage/azure/names.js';
import { moduleDeployment, moduleTemplate, onlyResource } from './arm.js';
import { compileTemplate, REPO, type ArmTemplate } from './bicep.js';

/** Read by the Functions host or App Service, not by the relay's code. */
const PLATFORM = [
  'APPLICATIONINSIGHTS_CONNECTION_STRING',
  'FUNCTIONS_EXTENSION_VERSION',
  'FUNCTIONS_WORKER_RUNTIME',
  'WEBSITE_RUN_FROM_PACKAGE',
  'WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID',
];
/** Without these the relay does not start (settings.ts: required). */
const REQUIRED = ['WECHAT_COMPONENT_APPID', 'WECHAT_COMPONENT_APPSECRET', 'WECHAT_COMPONENT_TOKEN', 'WECHAT_COMPONENT_AES_KEY', 'RELAY_SECRET_KEY'];

/** What each setting holds once deployed (Key Vault references resolved to values of the secret's shape). */
const DEPLOYED: Env = {
  AzureWebJobsStorage__accountName: 'wxmrelayabc123',
  AzureWebJobsStorage__blobServiceUri: 'https://wxmrelayabc123.blob.core.chinacloudapi.cn/',
  AzureWebJobsStorage__queueServiceUri: 'https://wxmrelayabc123.queue.core.chinacloudapi.cn/',
  AzureWebJobsStorage__tableServiceUri: 'https://wxmrelayabc123.table.core.chinacloudapi.cn/',
  AzureWebJobsStorage__credential: 'managedidentity',
  AzureWebJobsStorage__clientId: '0f8fad5b-d9cb-469f-a165-70867728950e',
  AZURE_CLOUD: 'AzureChinaCloud',
  APPLICATIONINSIGHTS_CONNECTION_STRING: 'InstrumentationKey=00000000-0000-0000-0000-000000000000',
  WECHAT_COMPONENT_APPID: 'wx1234567890abcdef',
  WECHAT_COMPONENT_APPSECRET: 'abcdef0123456789abcdef0123456789',
  WECHAT_COMPONENT_TOKEN: 'relaytoken',
  WECHAT_COMPONENT_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
  RELAY_SECRET_KEY: Buffer.alloc(32, 7).toString('base64'),
  RELAY_PUBLIC_URL: 'https://wxm-relay-abc.chinacloudsites.cn',
  FUNCTIONS_EXTENSION_VERSION: '~4',
  FUNCTIONS_WORKER_RUNTIME: 'node',
  WEBSITE_RUN_FROM_PACKAGE: 'https://wxmrelayabc123.blob.core.chinacloudapi.cn/deployments/relay.zip',
  WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID: '/subscriptions/x/resourceGroups/y/providers/Microsoft.ManagedIdentity/userAssignedIdentities/z',
};

let main: ArmTemplate;
let templateSettings: string[];
beforeAll(async () => {
  main = await compileTemplate(join(REPO, 'infra', 'main.bicep'));
  const shared = Object.keys(moduleDeployment(main, 'functionapp').properties?.parameters?.appSettings?.value as object);
  const app = moduleTemplate(main, 'functionapp');
  const premium = Object.keys(app.variables?.premiumSettings as object);
  const config = onlyResource(app, 'Microsoft.Web/sites/config');
  const own = [...String(config.properties).matchAll(/createObject\('([A-Za-z_]+)'/g)].map((m) => m[1]!);
  templateSettings = [...shared, ...premium, ...own];
}, 300_000);

function without(...names: string[]): Env {
  const env = { ...DEPLOYED };
  for (const name of names) delete env[name];
  return env;
}

describe('the app settings of infra/main.bicep', () => {
  it('are the settings the deployed relay and the platform have (nothing more, nothing less)', () => {
    expect([...templateSettings].sort()).toEqual(Object.keys(DEPLOYED).sort());
  });

  it('start the relay on identity-based storage once the Key Vault references are resolved', () => {
    const settings = loadSettings(DEPLOYED);
    expect(settings.storage).toEqual({
      kind: 'identity',
      cloud: 'AzureChinaCloud',
      accountName: 'wxmrelayabc123',
      uris: {
        blob: 'https://wxmrelayabc123.blob.core.chinacloudapi.cn',
        queue: 'https://wxmrelayabc123.queue.core.chinacloudapi.cn',
        table: 'https://wxmrelayabc123.table.core.chinacloudapi.cn',
      },
      credential: 'managedidentity',
      clientId: '0f8fad5b-d9cb-469f-a165-70867728950e',
    });
    expect(settings.publicUrl).toBe('https://wxm-relay-abc.chinacloudsites.cn');
  });

  it.each(REQUIRED)('set %s, without which the relay refuses to start', (name) => {
    expect(templateSettings).toContain(name);
    expect(() => loadSettings(without(name))).toThrow(SettingsError);
    try {
      loadSettings(without(name));
    } catch (err) {
      expect((err as SettingsError).setting).toBe(name);
    }
  });

  it('set nothing the relay does not read, apart from the platform settings', () => {
    const full = loadSettings(DEPLOYED);
    for (const name of templateSettings.filter((n) => !PLATFORM.includes(n) && !REQUIRED.includes(n))) {
      if (/ServiceUri$/.test(name)) {
        // The account name alone derives the same URI (the host needs them spelled out in Azure China); without
        // both, the relay asks for this one.
        expect(() => loadSettings(without(name, 'AzureWebJobsStorage__accountName'))).toThrow(new RegExp(`missing: .*${name}`));
        continue;
      }
      expect(loadSettings(without(name)), `${name} changes nothing the relay reads`).not.toEqual(full);
    }
  });

  it('leave no storage at all refused, naming AzureWebJobsStorage', () => {
    const env = Object.fromEntries(Object.entries(DEPLOYED).filter(([k]) => !k.startsWith('AzureWebJobsStorage')));
    expect(() => loadSettings(env)).toThrow(/Setting AzureWebJobsStorage is required/);
  });
});

describe('the storage the template creates', () => {
  const file = JSON.parse(readFileSync(join(REPO, 'infra', 'storage-names.json'), 'utf8')) as { tables: string[]; queues: string[]; containers: string[] };

  it('is what the relay uses: its tables, its queues and their poison queues, its locks container', () => {
    const names = storageNames();
    expect(file.tables).toEqual(Object.values(names.tables));
    const queues = Object.values(QUEUES);
    expect(file.queues).toEqual([...queues, ...queues.map(poisonQueueName)]);
    expect(file.containers).toEqual([names.locksContainer]);
  });

  it('is read by the storage module from infra/storage-names.json', () => {
    const storage = moduleTemplate(main, 'storage');
    // loadJsonContent() compiles to a variable holding the file's content, which `names` refers to.
    expect(storage.variables?.names).toBe("[variables('$fxv#0')]");
    expect(storage.variables?.['$fxv#0']).toEqual(file);
  });
});
