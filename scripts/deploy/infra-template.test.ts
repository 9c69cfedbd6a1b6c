/**
 * infra/ compiled and linted by the real Bicep compiler (NuGet's Azure.Bicep.CommandLine.linux-x64), with zero errors
 * and zero warnings, and the compiled ARM JSON held to what the deployment promises: shared keys off and identity
 * roles on Storage, NAT with a static IP on the app's subnet, Key Vault with `get` only and Key Vault references,
 * the four alerts, per-cloud endpoints taken from the resources themselves, and the outputs WeChat needs.
 * Nothing here deploys: what Azure does with the template is only checked in a real subscription (infra/README.md).
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { moduleDeployment, moduleTemplate, onlyResource, resourcesOfType } from './arm.js';
import { BicepError, compileTemplate, lintTemplate, REPO, runBicep, type ArmTemplate } from './bicep.js';

const INFRA = join(REPO, 'infra');
const MODULES = readdirSync(join(INFRA, 'modules')).filter((f) => f.endsWith('.bicep'));
const ROLE = {
  blobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b',
  queueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88',
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3',
};

let main: ArmTemplate;
beforeAll(async () => {
  main = await compileTemplate(join(INFRA, 'main.bicep'));
}, 300_000);

describe('the Bicep compiler', () => {
  it('lints main.bicep and every module with zero errors and zero warnings', async () => {
    // Linting main.bicep reports its modules' diagnostics too (as BCP104 plus the module's own lines), so every
    // module must be one main.bicep uses.
    const main = readFileSync(join(INFRA, 'main.bicep'), 'utf8');
    for (const module of MODULES) expect(main).toContain(`'modules/${module}'`);
    expect(await lintTemplate(join(INFRA, 'main.bicep'))).toEqual([]);
  }, 120_000);

  it('fails a broken template, and a template with only a warning, so CI turns red', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bicep-broken-'));
    writeFileSync(join(dir, 'broken.bicep'), 'output url string = missingModule.outputs.url\n');
    const broken = await runBicep(['build', join(dir, 'broken.bicep'), '--stdout']);
    expect(broken.status).not.toBe(0);
    expect(broken.diagnostics.join('\n')).toMatch(/Error BCP057/); // the name does not exist
    // Missing required properties are only a warning to bicep (exit 0): compileTemplate refuses it all the same.
    writeFileSync(join(dir, 'warning.bicep'), "resource x 'Microsoft.Storage/storageAccounts@2023-05-01' = {\n  name: 'x'\n}\n");
    const warned = await runBicep(['build', join(dir, 'warning.bicep'), '--stdout']);
    expect(warned.status).toBe(0);
    expect(warned.diagnostics.join('\n')).toMatch(/Warning BCP035/);
    await expect(compileTemplate(join(dir, 'warning.bicep'))).rejects.toThrow(BicepError);
  }, 120_000);
});

describe('infra/main.bicep', () => {
  it('takes cloud, region, prefix and hosting plan, Elastic Premium by default in Azure China', () => {
    expect(main.parameters.cloud).toMatchObject({ type: 'string', allowedValues: ['AzureCloud', 'AzureChinaCloud'] });
    expect(main.parameters.location?.defaultValue).toBe('[resourceGroup().location]');
    expect(main.parameters.prefix).toMatchObject({ minLength: 3, maxLength: 11 });
    expect(main.parameters.hostingPlan).toMatchObject({
      allowedValues: ['FlexConsumption', 'ElasticPremium'],
      defaultValue: "[if(equals(parameters('cloud'), 'AzureChinaCloud'), 'ElasticPremium', 'FlexConsumption')]",
    });
    for (const secret of ['wechatComponentAppSecret', 'wechatComponentToken', 'wechatComponentAesKey', 'relaySecretKey']) {
      expect(main.parameters[secret]).toMatchObject({ type: 'securestring', defaultValue: '' });
    }
  });

  it('turns shared-key access off and gives the app identity blob, queue and table data roles', () => {
    const storage = moduleTemplate(main, 'storage');
    const account = onlyResource(storage, 'Microsoft.Storage/storageAccounts');
    expect(account.properties).toMatchObject({
      allowSharedKeyAccess: false,
      defaultToOAuthAuthentication: true,
      allowBlobPublicAccess: false,
      minimumTlsVersion: 'TLS1_2',
      supportsHttpsTrafficOnly: true,
    });
    expect(storage.variables?.appRoles).toEqual([
      "[variables('roles').blobDataOwner]",
      "[variables('roles').queueDataContributor]",
      "[variables('roles').tableDataContributor]",
    ]);
    expect(storage.variables?.roles).toMatchObject(ROLE);
    const [appAccess] = resourcesOfType(storage, 'Microsoft.Authorization/roleAssignments');
    expect(appAccess?.copy).toEqual({ name: 'appAccess', count: "[length(variables('appRoles'))]" });
    expect(appAccess?.properties).toMatchObject({ principalId: "[parameters('appPrincipalId')]", principalType: 'ServicePrincipal' });
  });

  it('puts a NAT gateway with a static Standard public IP on the Function App subnet and outputs the IP', () => {
    const network = moduleTemplate(main, 'network');
    expect(onlyResource(network, 'Microsoft.Network/publicIPAddresses')).toMatchObject({
      sku: { name: 'Standard' },
      properties: { publicIPAllocationMethod: 'Static', publicIPAddressVersion: 'IPv4' },
    });
    const nat = onlyResource(network, 'Microsoft.Network/natGateways');
    expect(nat.properties?.publicIpAddresses).toEqual([
      { id: "[resourceId('Microsoft.Network/publicIPAddresses', format('{0}-egress-ip', parameters('prefix')))]" },
    ]);
    const vnet = onlyResource(network, 'Microsoft.Network/virtualNetworks');
    const [subnet] = (vnet.properties as { subnets: { properties: { natGateway: { id: string } } }[] }).subnets;
    expect(subnet?.properties.natGateway.id).toBe("[resourceId('Microsoft.Network/natGateways', format('{0}-nat', parameters('prefix')))]");
    expect(network.outputs.staticOutboundIp?.value).toBe(
      "[reference(resourceId('Microsoft.Network/publicIPAddresses', format('{0}-egress-ip', parameters('prefix'))), '2024-05-01').ipAddress]",
    );
    // The subnet is delegated to the plan in use; all outbound traffic goes through it.
    expect(moduleDeployment(main, 'network').properties?.parameters?.delegation).toBe(
      "[if(variables('flex'), createObject('value', 'Microsoft.App/environments'), createObject('value', 'Microsoft.Web/serverFarms'))]",
    );
    const site = onlyResource(moduleTemplate(main, 'functionapp'), 'Microsoft.Web/sites');
    expect(site.properties).toMatchObject({ vnetRouteAllEnabled: true, virtualNetworkSubnetId: "[parameters('subnetId')]", httpsOnly: true });
  });

  it('gives the app identity only `get` on Key Vault secrets and reads the four secrets through Key Vault references', () => {
    const vault = onlyResource(moduleTemplate(main, 'keyvault'), 'Microsoft.KeyVault/vaults');
    expect(vault.properties?.enableRbacAuthorization).toBe(false);
    expect(vault.properties?.accessPolicies).toEqual([
      { tenantId: '[subscription().tenantId]', objectId: "[parameters('appPrincipalId')]", permissions: { secrets: ['get'] } },
    ]);
    const settings = appSettings(main);
    for (const [setting, secret] of [
      ['WECHAT_COMPONENT_APPSECRET', 'wechat-component-appsecret'],
      ['WECHAT_COMPONENT_TOKEN', 'wechat-component-token'],
      ['WECHAT_COMPONENT_AES_KEY', 'wechat-component-aes-key'],
      ['RELAY_SECRET_KEY', 'relay-secret-key'],
    ]) {
      expect(settings[setting!]).toBe(
        `[format('@Microsoft.KeyVault(SecretUri={0})', reference(resourceId('Microsoft.Resources/deployments', 'keyvault'), '2025-04-01').outputs.secretUris.value['${secret}'])]`,
      );
    }
    const site = onlyResource(moduleTemplate(main, 'functionapp'), 'Microsoft.Web/sites');
    expect(site.properties?.keyVaultReferenceIdentity).toBe("[parameters('identityId')]");
  });

  it('takes every endpoint from the resources, so the one template is right in both clouds', () => {
    const text = JSON.stringify(main);
    // No cloud's domain is written into the template (the linter's no-hardcoded-env-urls is an error, too).
    expect(text).not.toMatch(/core\.windows\.net|core\.chinacloudapi\.cn|vault\.azure\.(net|cn)|azurewebsites\.net|chinacloudsites\.cn/);
    const storage = moduleTemplate(main, 'storage');
    for (const service of ['blob', 'queue', 'table']) {
      expect(storage.outputs[`${service}Endpoint`]?.value).toBe(
        `[reference(resourceId('Microsoft.Storage/storageAccounts', parameters('name')), '2023-05-01').primaryEndpoints.${service}]`,
      );
    }
    const secretUris = moduleTemplate(main, 'keyvault').outputs.secretUris?.value;
    expect(secretUris).toContain("format('{0}secrets/{1}/', reference(resourceId('Microsoft.KeyVault/vaults', parameters('name')), '2023-07-01').vaultUri");
    expect(appSettings(main).AZURE_CLOUD).toBe("[parameters('cloud')]");
  });

  it('raises the four alerts an operator needs, on Application Insights over Log Analytics', () => {
    const monitoring = moduleTemplate(main, 'monitoring');
    expect(onlyResource(monitoring, 'Microsoft.Insights/components').properties).toMatchObject({
      WorkspaceResourceId: "[resourceId('Microsoft.OperationalInsights/workspaces', format('{0}-logs', parameters('prefix')))]",
    });
    const alerts = monitoring.variables?.alerts as { name: string; window: string; query: string }[];
    expect(alerts.map((a) => [a.name, a.window])).toEqual([
      ['verify-ticket-stale', 'PT30M'],
      ['poison-queue', 'PT5M'],
      ['callback-5xx', 'PT5M'],
      ['token-refresh-failed', 'PT10M'],
    ]);
    // The log lines the queries look for are the ones the relay writes.
    expect(alerts[0]!.query).toContain('where timestamp > ago(20m) and message startswith "component_verify_ticket stored"');
    expect(alerts[2]!.query).toContain('"wechatComponent", "wechatAccountCallback"');
    expect(alerts[3]!.query).toContain('"maintenance done"');
  });

  it('outputs the relay URL, the static IP and the WeChat Open Platform values', () => {
    expect(Object.keys(main.outputs)).toEqual(
      expect.arrayContaining(['relayUrl', 'staticOutboundIp', 'wechatOpenPlatform', 'functionAppName', 'storageAccountName', 'keyVaultName', 'packageUrl']),
    );
    const url = "format('https://{0}', reference(resourceId('Microsoft.Resources/deployments', 'functionapp'), '2025-04-01').outputs.hostName.value)";
    expect(main.outputs.relayUrl?.value).toBe(`[${url}]`);
    expect(main.outputs.wechatOpenPlatform?.value).toEqual({
      authorizationEventUrl: `[format('{0}/api/wechat/component', ${url})]`,
      messageEventUrl: `[format('{0}/api/wechat/accounts/$APPID$/callback', ${url})]`,
      authorizationPageDomain: "[reference(resourceId('Microsoft.Resources/deployments', 'functionapp'), '2025-04-01').outputs.hostName.value]",
      ipWhitelist: "[reference(resourceId('Microsoft.Resources/deployments', 'network'), '2025-04-01').outputs.staticOutboundIp.value]",
    });
  });
});

function appSettings(template: ArmTemplate): Record<string, string> {
  return moduleDeployment(template, 'functionapp').properties?.parameters?.appSettings?.value as Record<string, string>;
}
