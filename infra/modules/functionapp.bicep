// The relay's Function App (Linux, Node 20, Functions v4), on Flex Consumption or Elastic Premium, with:
// - a user-assigned identity for Storage, Key Vault references and the deployment package (no keys anywhere);
// - VNet integration with all outbound traffic routed into the VNet, so the NAT gateway's one IP is the source;
// - its app settings in a separate resource, so RELAY_PUBLIC_URL can be the app's own default host name.
// Flex Consumption takes the package from a blob container (functionAppConfig.deployment) and refuses
// FUNCTIONS_WORKER_RUNTIME / FUNCTIONS_EXTENSION_VERSION settings; Elastic Premium (Linux) runs the package from a
// blob URL read with the same identity (WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID), so it needs no Azure Files
// share, whose connection would need an account key.
// Docs: https://learn.microsoft.com/azure/azure-functions/flex-consumption-how-to
//       https://learn.microsoft.com/azure/azure-functions/functions-app-settings
//       https://learn.microsoft.com/azure/azure-functions/run-functions-from-deployment-package#fetch-a-package-from-azure-blob-storage-using-a-managed-identity

@description('Azure region.')
param location string

@description('Name prefix of the resources.')
param prefix string

@description('Name of the Function App (a global DNS label).')
param name string

@description('Hosting plan.')
@allowed(['FlexConsumption', 'ElasticPremium'])
param hostingPlan string

@description('Most instances the plan may scale out to.')
param maximumInstances int

@description('Resource id of the user-assigned managed identity.')
param identityId string

@description('Subnet for VNet integration.')
param subnetId string

@description('The storage account\'s blob endpoint (https://<account>.blob.<suffix>/).')
param blobEndpoint string

@description('App settings that are the same on both plans.')
param appSettings object

var flex = hostingPlan == 'FlexConsumption'
var packageUrl = '${blobEndpoint}deployments/relay.zip'

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${prefix}-plan'
  location: location
  kind: flex ? 'functionapp' : 'elastic'
  sku: flex ? { name: 'FC1', tier: 'FlexConsumption' } : { name: 'EP1', tier: 'ElasticPremium' }
  properties: {
    reserved: true
    maximumElasticWorkerCount: flex ? null : maximumInstances
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    virtualNetworkSubnetId: subnetId
    vnetRouteAllEnabled: true
    siteConfig: {
      linuxFxVersion: flex ? null : 'Node|20'
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: flex
      ? {
          deployment: {
            storage: {
              type: 'blobContainer'
              value: '${blobEndpoint}deployments'
              authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identityId }
            }
          }
          scaleAndConcurrency: { maximumInstanceCount: maximumInstances, instanceMemoryMB: 2048 }
          runtime: { name: 'node', version: '20' }
        }
      : null
  }
}

// Elastic Premium only (Flex Consumption refuses them: its runtime and package are in functionAppConfig).
var premiumSettings = {
  FUNCTIONS_EXTENSION_VERSION: '~4'
  FUNCTIONS_WORKER_RUNTIME: 'node'
  WEBSITE_RUN_FROM_PACKAGE: packageUrl
  WEBSITE_RUN_FROM_PACKAGE_BLOB_MI_RESOURCE_ID: identityId
}

resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: union(appSettings, flex ? {} : premiumSettings, { RELAY_PUBLIC_URL: 'https://${site.properties.defaultHostName}' })
}

output name string = site.name
output hostName string = site.properties.defaultHostName
output packageUrl string = packageUrl
