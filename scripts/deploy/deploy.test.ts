/**
 * The deployment's steps against a scripted az (each call answered as the real CLI answers it): what is asked of
 * Azure and in which order, what the parameters file holds while az reads it (and that it is gone afterwards),
 * how secrets are kept or made, and the refusals that come before anything is deployed.
 */
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDeployArgs } from './args.js';
import { AzError, type AzResult } from './az.js';
import { deploy, summary, type DeployOutputs } from './deploy.js';

const SUBSCRIPTION = { id: 'sub-1', name: 'Contoso China', tenantId: 'tenant-1', user: { name: 'admin@contoso.partner.onmschina.cn', type: 'user' } };
const VAULT = '/subscriptions/sub-1/resourceGroups/wxm-rg/providers/Microsoft.KeyVault/vaults/wxmcn-kv-abc';
const SECRETS = {
  WECHAT_COMPONENT_APPID: 'wx1234567890abcdef',
  WECHAT_COMPONENT_APPSECRET: 'abcdef0123456789abcdef0123456789',
  WECHAT_COMPONENT_TOKEN: 'relaytoken',
  WECHAT_COMPONENT_AES_KEY: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};
const OUTPUTS: DeployOutputs = {
  functionAppName: 'wxmcn-relay-abc12345',
  storageAccountName: 'wxmcnabc123',
  keyVaultName: 'wxmcn-kv-abc',
  hostingPlan: 'ElasticPremium',
  relayUrl: 'https://wxmcn-relay-abc12345.chinacloudsites.cn',
  staticOutboundIp: '52.130.1.2',
  wechatOpenPlatform: {
    authorizationEventUrl: 'https://wxmcn-relay-abc12345.chinacloudsites.cn/api/wechat/component',
    messageEventUrl: 'https://wxmcn-relay-abc12345.chinacloudsites.cn/api/wechat/accounts/$APPID$/callback',
    authorizationPageDomain: 'wxmcn-relay-abc12345.chinacloudsites.cn',
    ipWhitelist: '52.130.1.2',
  },
};

type Answer = AzResult | ((args: string[]) => AzResult);
const ok = (stdout = ''): AzResult => ({ status: 0, stdout, stderr: '' });
const fail = (stderr: string): AzResult => ({ status: 1, stdout: '', stderr });

/** A scripted az: the first rule whose prefix matches answers; every call is recorded. */
function scriptedAz(rules: [string, Answer][]) {
  const calls: string[][] = [];
  const az = async (args: string[]) => {
    calls.push(args);
    const line = args.join(' ');
    const rule = rules.find(([prefix]) => line.startsWith(prefix));
    if (!rule) return fail(`ERROR: unexpected call: ${line}`);
    const answer = rule[1];
    return typeof answer === 'function' ? answer(args) : answer;
  };
  return { az, calls, commands: () => calls.map((c) => c.slice(0, 3).join(' ')) };
}

const PREFLIGHT: [string, Answer][] = [
  ['version', ok('{"azure-cli": "2.67.0"}')],
  ['cloud show', ok('AzureChinaCloud\n')],
  ['account show', ok(JSON.stringify(SUBSCRIPTION))],
];

function zip(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'relay-zip-')), 'relay.zip');
  writeFileSync(file, 'PK');
  return file;
}

describe('deploy', () => {
  it('deploys Elastic Premium to Azure China on a first run: parameters file, generated RELAY_SECRET_KEY, package upload retried until its role is active', async () => {
    let parameters: Record<string, { value: unknown }> = {};
    let parametersFile = '';
    let templateSchema = '';
    let uploads = 0;
    const { az, calls, commands } = scriptedAz([
      ...PREFLIGHT,
      ['group show --name wxm-rg', ok('{"location": "chinanorth3"}')],
      ['keyvault list', ok('[]')],
      ['ad signed-in-user show', ok('11111111-2222-3333-4444-555555555555\n')],
      [
        'deployment group create',
        (args) => {
          parametersFile = args[args.indexOf('--parameters') + 1]!.slice(1);
          expect(statSync(parametersFile).mode & 0o777).toBe(0o600);
          parameters = (JSON.parse(readFileSync(parametersFile, 'utf8')) as { parameters: typeof parameters }).parameters;
          templateSchema = (JSON.parse(readFileSync(args[args.indexOf('--template-file') + 1]!, 'utf8')) as { $schema: string }).$schema;
          return ok(
            JSON.stringify({ properties: { outputs: Object.fromEntries(Object.entries(OUTPUTS).map(([k, v]) => [k, { type: 'String', value: v }])) } }),
          );
        },
      ],
      [
        'storage blob upload',
        () =>
          ++uploads === 1
            ? fail('ERROR: This request is not authorized to perform this operation using this permission. AuthorizationPermissionMismatch')
            : ok(),
      ],
      ['functionapp restart', ok()],
    ]);
    const lines: string[] = [];
    const args = parseDeployArgs(['--cloud', 'AzureChinaCloud', '--resource-group', 'wxm-rg', '--prefix', 'wxmcn', '--package', zip()]);

    const outputs = await deploy(args, { az, env: SECRETS, log: (l) => lines.push(l), retrySeconds: 0 });

    expect(commands()).toEqual([
      'version --output json',
      'cloud show --query',
      'account show --output',
      'group show --name',
      'keyvault list --resource-group',
      'ad signed-in-user show',
      'deployment group create',
      'storage blob upload',
      'storage blob upload',
      'functionapp restart --resource-group',
    ]);
    expect(templateSchema).toBe('https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#');
    const relayKey = String(parameters.relaySecretKey?.value);
    expect(Buffer.from(relayKey, 'base64')).toHaveLength(32);
    expect(parameters).toEqual({
      cloud: { value: 'AzureChinaCloud' },
      location: { value: 'chinanorth3' },
      prefix: { value: 'wxmcn' },
      hostingPlan: { value: 'ElasticPremium' },
      wechatComponentAppId: { value: 'wx1234567890abcdef' },
      wechatComponentAppSecret: { value: SECRETS.WECHAT_COMPONENT_APPSECRET },
      wechatComponentToken: { value: SECRETS.WECHAT_COMPONENT_TOKEN },
      wechatComponentAesKey: { value: SECRETS.WECHAT_COMPONENT_AES_KEY },
      relaySecretKey: { value: relayKey },
      deployerPrincipalId: { value: '11111111-2222-3333-4444-555555555555' },
      deployerPrincipalType: { value: 'User' },
    });
    // No secret on any command line, and the parameters file is gone.
    for (const call of calls) for (const value of [...Object.values(SECRETS).slice(1), relayKey]) expect(call.join(' ')).not.toContain(value);
    expect(existsSync(parametersFile)).toBe(false);
    expect(calls.find((c) => c[0] === 'storage')).toEqual(
      expect.arrayContaining(['--auth-mode', 'login', '--account-name', 'wxmcnabc123', '--container-name', 'deployments', '--name', 'relay.zip']),
    );
    expect(lines).toContain('generated RELAY_SECRET_KEY (32 random bytes); it is kept only in Key Vault');
    expect(outputs).toEqual(OUTPUTS);
    expect(summary(outputs)).toContain('授权事件接收URL (authorization events):    https://wxmcn-relay-abc12345.chinacloudsites.cn/api/wechat/component');
    expect(summary(outputs)).toContain('IP白名单 (IP whitelist):                   52.130.1.2');
  }, 120_000);

  it('keeps what Key Vault holds on a later run and refuses a new RELAY_SECRET_KEY', async () => {
    const { az, commands } = scriptedAz([
      ...PREFLIGHT,
      ['group show', ok('{"location": "chinanorth3"}')],
      ['keyvault list', ok(JSON.stringify([VAULT]))],
      ['resource show', ok()],
    ]);
    const args = parseDeployArgs(['--cloud', 'AzureChinaCloud', '--resource-group', 'wxm-rg', '--prefix', 'wxmcn']);
    const env = { WECHAT_COMPONENT_APPID: SECRETS.WECHAT_COMPONENT_APPID, RELAY_SECRET_KEY: Buffer.alloc(32, 9).toString('base64') };
    await expect(deploy(args, { az, env, log: () => {} })).rejects.toThrow(
      /RELAY_SECRET_KEY is already in Key Vault: changing it makes every sealed value unreadable/,
    );
    expect(commands()).not.toContain('deployment group create');
  });

  it('asks for each WeChat secret Key Vault does not hold yet', async () => {
    const { az } = scriptedAz([...PREFLIGHT, ['group show', ok('{"location": "chinanorth3"}')], ['keyvault list', ok('[]')]]);
    const args = parseDeployArgs(['--cloud', 'AzureChinaCloud', '--resource-group', 'wxm-rg', '--prefix', 'wxmcn']);
    const { WECHAT_COMPONENT_TOKEN: _, ...env } = SECRETS;
    await expect(deploy(args, { az, env, log: () => {} })).rejects.toThrow('Set WECHAT_COMPONENT_TOKEN: Key Vault does not hold it yet (first deployment).');
  });

  it('deploys Flex Consumption where the region offers it and uploads the package with config-zip', async () => {
    const flexOutputs = { ...OUTPUTS, hostingPlan: 'FlexConsumption' };
    const { az, calls, commands } = scriptedAz([
      ['version', ok('{}')],
      ['cloud show', ok('AzureCloud')],
      ['account show', ok(JSON.stringify(SUBSCRIPTION))],
      ['group show', ok('{"location": "eastasia"}')],
      ['functionapp list-flexconsumption-locations', ok(JSON.stringify([{ name: 'East Asia' }]))],
      ['keyvault list', ok(JSON.stringify([VAULT]))],
      ['resource show', ok()],
      [
        'deployment group create',
        ok(JSON.stringify({ properties: { outputs: Object.fromEntries(Object.entries(flexOutputs).map(([k, v]) => [k, { value: v }])) } })),
      ],
      ['functionapp deployment source config-zip', ok()],
    ]);
    const archive = zip();
    const args = parseDeployArgs(['--cloud', 'AzureCloud', '--resource-group', 'wxm-rg', '--prefix', 'wxmgl', '--package', archive]);
    await deploy(args, { az, env: { WECHAT_COMPONENT_APPID: SECRETS.WECHAT_COMPONENT_APPID }, log: () => {} });
    expect(commands().slice(-2)).toEqual(['deployment group create', 'functionapp deployment source']);
    expect(calls.at(-1)).toEqual([
      'functionapp',
      'deployment',
      'source',
      'config-zip',
      '--resource-group',
      'wxm-rg',
      '--name',
      OUTPUTS.functionAppName,
      '--src',
      archive,
      '--output',
      'none',
    ]);
    // Key Vault holds every secret already: no secret parameter, no deployer principal (Flex needs no blob role).
    expect(commands()).not.toContain('ad signed-in-user show');
  }, 120_000);

  it('refuses Flex Consumption where the region does not offer it, before deploying', async () => {
    const { az, commands } = scriptedAz([
      ['version', ok('{}')],
      ['cloud show', ok('AzureCloud')],
      ['account show', ok(JSON.stringify({ ...SUBSCRIPTION, user: { name: 'ci', type: 'servicePrincipal' } }))],
      ['group show', fail("ERROR: (ResourceGroupNotFound) Resource group 'wxm-rg' could not be found.")],
      ['group create', ok()],
      ['functionapp list-flexconsumption-locations', ok(JSON.stringify([{ name: 'eastus' }, { name: 'East Asia' }]))],
    ]);
    const args = parseDeployArgs(['--cloud', 'AzureCloud', '--resource-group', 'wxm-rg', '--prefix', 'wxmgl', '--location', 'westindia']);
    const error = await deploy(args, { az, env: SECRETS, log: () => {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AzError);
    expect((error as Error).message).toBe(
      'Flex Consumption is not offered in westindia (az functionapp list-flexconsumption-locations). Use --hosting-plan ElasticPremium or another region.',
    );
    expect(commands()).toEqual([
      'version --output json',
      'cloud show --query',
      'account show --output',
      'group show --name',
      'group create --name',
      'functionapp list-flexconsumption-locations --output',
    ]);
  });
});
