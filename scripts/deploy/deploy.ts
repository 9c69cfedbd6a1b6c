/**
 * One deployment: check az (installed, right cloud, signed in), make sure the resource group exists and the plan
 * is offered in its region, compile infra/main.bicep with our own Bicep (NuGet's, not az's download), run
 * `az deployment group create` with the secrets in a parameters file only this user can read (never on a command
 * line), upload the relay's zip, and print what the WeChat Open Platform needs.
 * Docs: https://learn.microsoft.com/cli/azure/deployment/group#az-deployment-group-create
 *       https://learn.microsoft.com/azure/azure-functions/deployment-zip-push
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError, type DeployArgs } from './args.js';
import { AzError, azJson, azOk, preflight, type AzRunner } from './az.js';
import { compileTemplate, REPO } from './bicep.js';
import { buildPackage } from './package.js';

export interface DeployOutputs {
  functionAppName: string;
  storageAccountName: string;
  keyVaultName: string;
  hostingPlan: string;
  relayUrl: string;
  staticOutboundIp: string;
  wechatOpenPlatform: { authorizationEventUrl: string; messageEventUrl: string; authorizationPageDomain: string; ipWhitelist: string };
}

export interface DeployDeps {
  az: AzRunner;
  env: Record<string, string | undefined>;
  log: (line: string) => void;
  /** Builds relay.zip (default: buildPackage). */
  packageZip?: () => Promise<string>;
  /** Seconds between upload tries while a new role assignment propagates (default 20). */
  retrySeconds?: number;
}

const SECRETS = [
  { env: 'WECHAT_COMPONENT_APPSECRET', param: 'wechatComponentAppSecret', secret: 'wechat-component-appsecret' },
  { env: 'WECHAT_COMPONENT_TOKEN', param: 'wechatComponentToken', secret: 'wechat-component-token' },
  { env: 'WECHAT_COMPONENT_AES_KEY', param: 'wechatComponentAesKey', secret: 'wechat-component-aes-key' },
  { env: 'RELAY_SECRET_KEY', param: 'relaySecretKey', secret: 'relay-secret-key' },
] as const;

export async function deploy(args: DeployArgs, deps: DeployDeps): Promise<DeployOutputs> {
  const { az, env, log } = deps;
  const account = await preflight(az, args.cloud);
  log(`signed in to ${args.cloud}: subscription ${account.subscriptionName} (${account.subscriptionId})`);

  const appid = env.WECHAT_COMPONENT_APPID?.trim();
  if (!appid || !/^wx[0-9a-f]{16}$/i.test(appid))
    throw new UsageError('Set WECHAT_COMPONENT_APPID to the third-party platform AppID (wx + 16 hex characters).');

  const location = await ensureResourceGroup(az, args);
  if (args.hostingPlan === 'FlexConsumption') await requireFlexRegion(az, location);

  const secrets = await secretParameters(az, args, env, log);
  const deployer = args.hostingPlan === 'ElasticPremium' ? await deployerPrincipal(az, account, env, log) : undefined;

  const outDir = join(REPO, '.data', 'deploy');
  mkdirSync(outDir, { recursive: true });
  const templateFile = join(outDir, 'main.json');
  writeFileSync(templateFile, JSON.stringify(await compileTemplate(join(REPO, 'infra', 'main.bicep'))));
  const parameters = {
    cloud: args.cloud,
    location,
    prefix: args.prefix,
    hostingPlan: args.hostingPlan,
    wechatComponentAppId: appid,
    ...secrets,
    ...(args.alertEmail && { alertEmail: args.alertEmail }),
    ...(deployer && { deployerPrincipalId: deployer.id, deployerPrincipalType: deployer.type }),
  };
  const dir = mkdtempSync(join(tmpdir(), 'wxm-deploy-'));
  const parametersFile = join(dir, 'parameters.json');
  let outputs: DeployOutputs;
  try {
    writeFileSync(parametersFile, JSON.stringify(parametersDocument(parameters)), { mode: 0o600 });
    log(`deploying infra/main.bicep to ${args.resourceGroup} (${location}, ${args.hostingPlan}); this takes a few minutes`);
    const result = await azJson<{ properties: { outputs: Record<string, { value: unknown }> } }>(
      az,
      [
        'deployment',
        'group',
        'create',
        '--resource-group',
        args.resourceGroup,
        '--name',
        `wxm-relay-${args.prefix}`,
        '--template-file',
        templateFile,
        '--parameters',
        `@${parametersFile}`,
      ],
      'az deployment group create',
    );
    outputs = Object.fromEntries(Object.entries(result.properties.outputs).map(([k, v]) => [k, v.value])) as unknown as DeployOutputs;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  if (!args.skipPackage) {
    const zip = args.packagePath ?? (await (deps.packageZip ?? (() => buildPackage({ log })))());
    await uploadPackage(az, args, outputs, zip, log, deps.retrySeconds ?? 20);
  }
  return outputs;
}

async function ensureResourceGroup(az: AzRunner, args: DeployArgs): Promise<string> {
  const group = await az(['group', 'show', '--name', args.resourceGroup, '--output', 'json']);
  if (group.status === 0) return args.location ?? (JSON.parse(group.stdout) as { location: string }).location;
  if (!/ResourceGroupNotFound|could not be found/i.test(group.stderr)) throw new AzError(`az group show failed: ${group.stderr.trim()}`);
  if (!args.location) throw new UsageError(`Resource group ${args.resourceGroup} does not exist: give --location to create it.`);
  await azOk(az, ['group', 'create', '--name', args.resourceGroup, '--location', args.location, '--output', 'none'], 'az group create');
  return args.location;
}

async function requireFlexRegion(az: AzRunner, location: string): Promise<void> {
  const regions = await azJson<{ name: string }[]>(az, ['functionapp', 'list-flexconsumption-locations'], 'az functionapp list-flexconsumption-locations');
  const offered = (regions ?? []).map((r) => r.name.toLowerCase().replace(/\s+/g, ''));
  if (!offered.includes(location.toLowerCase())) {
    throw new AzError(
      `Flex Consumption is not offered in ${location} (az functionapp list-flexconsumption-locations). Use --hosting-plan ElasticPremium or another region.`,
    );
  }
}

/** Secrets given in the environment are written; the ones Key Vault already holds are kept; RELAY_SECRET_KEY is made once. */
async function secretParameters(az: AzRunner, args: DeployArgs, env: Record<string, string | undefined>, log: (l: string) => void) {
  const vaults = await azJson<string[]>(
    az,
    ['keyvault', 'list', '--resource-group', args.resourceGroup, '--query', `[?starts_with(name, '${args.prefix}-kv-')].id`],
    'az keyvault list',
  );
  const vault = vaults?.[0];
  const held = async (secret: string) =>
    vault !== undefined && (await az(['resource', 'show', '--ids', `${vault}/secrets/${secret}`, '--output', 'none'])).status === 0;
  const parameters: Record<string, string> = {};
  for (const s of SECRETS) {
    const value = env[s.env]?.trim();
    if (value) {
      if (s.env === 'RELAY_SECRET_KEY' && (await held(s.secret)))
        throw new AzError('RELAY_SECRET_KEY is already in Key Vault: changing it makes every sealed value unreadable (see infra/README.md, rotating secrets).');
      parameters[s.param] = value;
    } else if (!(await held(s.secret))) {
      if (s.env !== 'RELAY_SECRET_KEY') throw new AzError(`Set ${s.env}: Key Vault does not hold it yet (first deployment).`);
      parameters[s.param] = randomBytes(32).toString('base64');
      log('generated RELAY_SECRET_KEY (32 random bytes); it is kept only in Key Vault');
    }
  }
  return parameters;
}

async function deployerPrincipal(
  az: AzRunner,
  account: { user: { name: string; type: string } },
  env: Record<string, string | undefined>,
  log: (l: string) => void,
) {
  const servicePrincipal = account.user.type === 'servicePrincipal';
  // A pipeline's service principal may not be allowed to read the directory: its object id can be given instead.
  const given = env.AZURE_DEPLOYER_OBJECT_ID?.trim();
  if (given) return { id: given, type: servicePrincipal ? 'ServicePrincipal' : 'User' };
  const result = await az(
    servicePrincipal
      ? ['ad', 'sp', 'show', '--id', account.user.name, '--query', 'id', '--output', 'tsv']
      : ['ad', 'signed-in-user', 'show', '--query', 'id', '--output', 'tsv'],
  );
  if (result.status !== 0) {
    log('could not read the signed-in principal\'s object id; give it "Storage Blob Data Contributor" on the storage account to upload the package');
    return undefined;
  }
  return { id: result.stdout.trim(), type: servicePrincipal ? 'ServicePrincipal' : 'User' };
}

async function uploadPackage(az: AzRunner, args: DeployArgs, outputs: DeployOutputs, zip: string, log: (l: string) => void, retrySeconds: number) {
  const app = ['--resource-group', args.resourceGroup, '--name', outputs.functionAppName];
  if (outputs.hostingPlan === 'FlexConsumption') {
    log(`uploading the package to ${outputs.functionAppName} (Flex Consumption deployment container)`);
    await azOk(
      az,
      ['functionapp', 'deployment', 'source', 'config-zip', ...app, '--src', zip, '--output', 'none'],
      'az functionapp deployment source config-zip',
    );
    return;
  }
  log(`uploading the package to ${outputs.storageAccountName}/deployments/relay.zip (Elastic Premium runs it from there)`);
  const upload = [
    'storage',
    'blob',
    'upload',
    '--auth-mode',
    'login',
    '--account-name',
    outputs.storageAccountName,
    '--container-name',
    'deployments',
    '--name',
    'relay.zip',
    '--file',
    zip,
    '--overwrite',
    'true',
    '--output',
    'none',
  ];
  for (let attempt = 1; ; attempt++) {
    const result = await az(upload);
    if (result.status === 0) break;
    // A role assignment made by this deployment can take minutes to reach the data plane.
    if (attempt >= 6 || !/AuthorizationPermissionMismatch|AuthorizationFailure|403/.test(result.stderr))
      throw new AzError(`az storage blob upload failed: ${result.stderr.trim()}`);
    log(`storage refused the upload (role assignment not active yet); retrying in ${retrySeconds} s`);
    await new Promise((r) => setTimeout(r, retrySeconds * 1000));
  }
  await azOk(az, ['functionapp', 'restart', ...app, '--output', 'none'], 'az functionapp restart');
}

function parametersDocument(values: Record<string, unknown>) {
  return {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#',
    contentVersion: '1.0.0.0',
    parameters: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v }])),
  };
}

/** What to do next, in both languages (admins in China read the Chinese labels the WeChat Open Platform shows). */
export function summary(outputs: DeployOutputs): string {
  const w = outputs.wechatOpenPlatform;
  return [
    `Relay URL / 中继地址:                ${outputs.relayUrl}`,
    `Static outbound IP / 出口静态 IP:     ${outputs.staticOutboundIp}`,
    `Function App / 函数应用:              ${outputs.functionAppName} (${outputs.hostingPlan})`,
    '',
    'WeChat Open Platform / 微信开放平台 > 第三方平台 > 开发资料:',
    `  授权事件接收URL (authorization events):    ${w.authorizationEventUrl}`,
    `  消息与事件接收URL (messages and events):   ${w.messageEventUrl}`,
    `  授权发起页域名 (authorization page domain): ${w.authorizationPageDomain}`,
    `  IP白名单 (IP whitelist):                   ${w.ipWhitelist}`,
    '',
    `Check / 检查: curl ${outputs.relayUrl}/api/health`,
  ].join('\n');
}
