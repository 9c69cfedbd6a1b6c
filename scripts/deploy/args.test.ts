import { describe, expect, it } from 'vitest';
import { parseDeployArgs, UsageError } from './args.js';

describe('parseDeployArgs', () => {
  it('defaults the hosting plan by cloud: Flex Consumption globally, Elastic Premium in Azure China', () => {
    expect(parseDeployArgs(['--cloud', 'AzureCloud', '--resource-group', 'rg', '--prefix', 'wxm01'])).toEqual({
      cloud: 'AzureCloud',
      resourceGroup: 'rg',
      prefix: 'wxm01',
      location: undefined,
      hostingPlan: 'FlexConsumption',
      alertEmail: undefined,
      packagePath: undefined,
      skipPackage: false,
    });
    expect(parseDeployArgs(['--cloud=AzureChinaCloud', '--resource-group=rg', '--prefix=wxm01', '--location=chinanorth3']).hostingPlan).toBe('ElasticPremium');
    expect(
      parseDeployArgs(['--cloud', 'AzureChinaCloud', '--resource-group', 'rg', '--prefix', 'wxm01', '--hosting-plan', 'FlexConsumption', '--skip-package']),
    ).toMatchObject({
      hostingPlan: 'FlexConsumption',
      skipPackage: true,
    });
  });

  it.each([
    [['--resource-group', 'rg', '--prefix', 'wxm01'], '--cloud is required'],
    [['--cloud', 'AzureGermanCloud', '--resource-group', 'rg', '--prefix', 'wxm01'], '--cloud must be AzureCloud or AzureChinaCloud'],
    [['--cloud', 'AzureCloud', '--resource-group', 'rg', '--prefix', 'Wxm'], '--prefix must be 3-11 lower-case letters and digits, starting with a letter'],
    [
      ['--cloud', 'AzureCloud', '--resource-group', 'rg', '--prefix', 'wxm01', '--location', 'China North 3'],
      '--location must be a region name such as eastasia or chinanorth3',
    ],
    [
      ['--cloud', 'AzureCloud', '--resource-group', 'rg', '--prefix', 'wxm01', '--hosting-plan', 'Consumption'],
      '--hosting-plan must be FlexConsumption or ElasticPremium',
    ],
    [['--cloud', 'AzureCloud', '--resource-group', 'rg', '--prefix', 'wxm01', '--alert-email', 'ops'], '--alert-email must be an e-mail address'],
    [['--cloud', 'AzureCloud', '--resource-group', '--prefix', 'wxm01'], '--resource-group needs a value'],
    [['--cloud', 'AzureCloud', '--resource-group', 'rg', '--prefix', 'wxm01', '--subscription', 'x'], 'unknown option --subscription'],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => parseDeployArgs(argv)).toThrow(new UsageError(message));
  });
});
