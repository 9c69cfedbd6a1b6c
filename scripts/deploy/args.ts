/**
 * `npm run deploy -- --cloud AzureCloud --resource-group <rg> --prefix <prefix> [options]`, parsed and checked
 * before anything talks to Azure, so a typo fails in a second with the option's name.
 */
export const USAGE = `Usage: npm run deploy -- --cloud AzureCloud|AzureChinaCloud --resource-group <name> --prefix <3-11 a-z0-9>
         [--location <region>] [--hosting-plan FlexConsumption|ElasticPremium] [--alert-email <address>]
         [--package <relay.zip>] [--skip-package]
Environment: WECHAT_COMPONENT_APPID (required), WECHAT_COMPONENT_APPSECRET, WECHAT_COMPONENT_TOKEN,
             WECHAT_COMPONENT_AES_KEY (required on the first deployment; later ones keep Key Vault's values),
             RELAY_SECRET_KEY (optional: generated on the first deployment, then never changed),
             AZURE_DEPLOYER_OBJECT_ID (optional: object id of the principal that uploads an Elastic Premium package).`;

export type CloudName = 'AzureCloud' | 'AzureChinaCloud';
export type HostingPlan = 'FlexConsumption' | 'ElasticPremium';

export interface DeployArgs {
  cloud: CloudName;
  resourceGroup: string;
  prefix: string;
  location: string | undefined;
  hostingPlan: HostingPlan;
  alertEmail: string | undefined;
  /** A zip built before (CI builds once, deploys twice); unset means build one now. */
  packagePath: string | undefined;
  /** Infrastructure only. */
  skipPackage: boolean;
}

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const FLAGS = ['--cloud', '--resource-group', '--prefix', '--location', '--hosting-plan', '--alert-email', '--package'];

export function parseDeployArgs(argv: readonly string[]): DeployArgs {
  const values = new Map<string, string>();
  let skipPackage = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--skip-package') {
      skipPackage = true;
      continue;
    }
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (!FLAGS.includes(flag)) throw new UsageError(`unknown option ${flag}`);
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    values.set(flag, value);
  }
  const required = (flag: string): string => {
    const value = values.get(flag);
    if (!value) throw new UsageError(`${flag} is required`);
    return value;
  };

  const cloud = required('--cloud');
  if (cloud !== 'AzureCloud' && cloud !== 'AzureChinaCloud') throw new UsageError('--cloud must be AzureCloud or AzureChinaCloud');
  const resourceGroup = required('--resource-group');
  if (!/^[-\w.()]{1,89}[-\w()]$/.test(resourceGroup)) throw new UsageError('--resource-group is not a valid resource group name');
  const prefix = required('--prefix');
  if (!/^[a-z][a-z0-9]{2,10}$/.test(prefix)) throw new UsageError('--prefix must be 3-11 lower-case letters and digits, starting with a letter');
  const location = values.get('--location');
  if (location !== undefined && !/^[a-z0-9]+$/.test(location)) throw new UsageError('--location must be a region name such as eastasia or chinanorth3');
  // Azure China is documented as Elastic Premium (infra/README.md); Flex Consumption where the region offers it.
  const hostingPlan = values.get('--hosting-plan') ?? (cloud === 'AzureChinaCloud' ? 'ElasticPremium' : 'FlexConsumption');
  if (hostingPlan !== 'FlexConsumption' && hostingPlan !== 'ElasticPremium') throw new UsageError('--hosting-plan must be FlexConsumption or ElasticPremium');
  const alertEmail = values.get('--alert-email');
  if (alertEmail !== undefined && !/^[^@\s]+@[^@\s]+$/.test(alertEmail)) throw new UsageError('--alert-email must be an e-mail address');
  return { cloud, resourceGroup, prefix, location, hostingPlan, alertEmail, packagePath: values.get('--package'), skipPackage };
}
