// The Wechat Marketing relay in one resource group, in the global Azure cloud or in Azure China (世纪互联):
// Function App + NAT gateway with one static outbound IP + Storage through managed identity + Key Vault +
// Application Insights with alerts. Deployed by `npm run deploy` (scripts/deploy/), step by step in infra/README.md.
// Endpoints come from the resources themselves (the storage account's primaryEndpoints, the vault's vaultUri, the
// app's defaultHostName), so the same template is right in both clouds without a hard-coded domain.
targetScope = 'resourceGroup'

@description('The Azure cloud deployed to: AzureCloud (global) or AzureChinaCloud (operated by 21Vianet); `az cloud show --query name`.')
@allowed(['AzureCloud', 'AzureChinaCloud'])
param cloud string

@description('Azure region, e.g. eastasia or chinanorth3.')
param location string = resourceGroup().location

@description('Name prefix: 3-11 lower-case letters and digits, starting with a letter.')
@minLength(3)
@maxLength(11)
param prefix string

@description('Flex Consumption where the region offers it (az functionapp list-flexconsumption-locations), Elastic Premium otherwise; Azure China defaults to Elastic Premium (see infra/README.md).')
@allowed(['FlexConsumption', 'ElasticPremium'])
param hostingPlan string = cloud == 'AzureChinaCloud' ? 'ElasticPremium' : 'FlexConsumption'

@description('Most instances the plan scales out to (Flex Consumption: 40-1000; Elastic Premium: 1-100).')
@minValue(1)
@maxValue(1000)
param maximumInstances int = hostingPlan == 'FlexConsumption' ? 40 : 20

@description('AppID of the WeChat third-party platform (第三方平台 AppID), wx + 16 hex characters.')
@minLength(18)
@maxLength(18)
param wechatComponentAppId string

@description('The platform\'s AppSecret. Empty keeps the value in Key Vault.')
@secure()
param wechatComponentAppSecret string = ''

@description('The platform\'s message-check token (消息校验Token). Empty keeps the value in Key Vault.')
@secure()
param wechatComponentToken string = ''

@description('The platform\'s 43-character EncodingAESKey (消息加解密Key). Empty keeps the value in Key Vault.')
@secure()
param wechatComponentAesKey string = ''

@description('RELAY_SECRET_KEY: 32 random bytes in base64. Give it on the first deployment only: changing it makes sealed data unreadable.')
@secure()
param relaySecretKey string = ''

@description('E-mail address for the alerts; empty for none.')
param alertEmail string = ''

@description('Principal that uploads the Elastic Premium package (Storage Blob Data Contributor); empty for none.')
param deployerPrincipalId string = ''

@description('Kind of the deployer principal.')
@allowed(['User', 'ServicePrincipal', 'Group'])
param deployerPrincipalType string = 'User'

var unique = uniqueString(resourceGroup().id, prefix)
var flex = hostingPlan == 'FlexConsumption'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${prefix}-relay-identity'
  location: location
}

module network 'modules/network.bicep' = {
  name: 'network'
  params: {
    location: location
    prefix: prefix
    delegation: flex ? 'Microsoft.App/environments' : 'Microsoft.Web/serverFarms'
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    name: take('${prefix}${unique}', 24)
    appPrincipalId: identity.properties.principalId
    deployerPrincipalId: deployerPrincipalId
    deployerPrincipalType: deployerPrincipalType
  }
}

module vault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    name: take('${prefix}-kv-${unique}', 24)
    appPrincipalId: identity.properties.principalId
    secretValues: {
      'wechat-component-appsecret': wechatComponentAppSecret
      'wechat-component-token': wechatComponentToken
      'wechat-component-aes-key': wechatComponentAesKey
      'relay-secret-key': relaySecretKey
    }
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    prefix: prefix
    alertEmail: alertEmail
  }
}

// The settings the relay reads (functions/src/config/settings.ts; infra/test/settings.test.ts holds the two together).
var appSettings = {
  AzureWebJobsStorage__accountName: storage.outputs.name
  AzureWebJobsStorage__blobServiceUri: storage.outputs.blobEndpoint
  AzureWebJobsStorage__queueServiceUri: storage.outputs.queueEndpoint
  AzureWebJobsStorage__tableServiceUri: storage.outputs.tableEndpoint
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identity.properties.clientId
  AZURE_CLOUD: cloud
  APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.connectionString
  WECHAT_COMPONENT_APPID: wechatComponentAppId
  WECHAT_COMPONENT_APPSECRET: '@Microsoft.KeyVault(SecretUri=${vault.outputs.secretUris['wechat-component-appsecret']})'
  WECHAT_COMPONENT_TOKEN: '@Microsoft.KeyVault(SecretUri=${vault.outputs.secretUris['wechat-component-token']})'
  WECHAT_COMPONENT_AES_KEY: '@Microsoft.KeyVault(SecretUri=${vault.outputs.secretUris['wechat-component-aes-key']})'
  RELAY_SECRET_KEY: '@Microsoft.KeyVault(SecretUri=${vault.outputs.secretUris['relay-secret-key']})'
}

module app 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    location: location
    prefix: prefix
    name: '${prefix}-relay-${take(unique, 8)}'
    hostingPlan: hostingPlan
    maximumInstances: maximumInstances
    identityId: identity.id
    subnetId: network.outputs.subnetId
    blobEndpoint: storage.outputs.blobEndpoint
    appSettings: appSettings
  }
}

var relayUrl = 'https://${app.outputs.hostName}'

output cloud string = cloud
output hostingPlan string = hostingPlan
output functionAppName string = app.outputs.name
output storageAccountName string = storage.outputs.name
output keyVaultName string = vault.outputs.name
output packageUrl string = app.outputs.packageUrl
output relayUrl string = relayUrl
output staticOutboundIp string = network.outputs.staticOutboundIp

@description('What to paste into the WeChat Open Platform (微信开放平台 > 第三方平台 > 开发资料).')
output wechatOpenPlatform object = {
  authorizationEventUrl: '${relayUrl}/api/wechat/component'
  messageEventUrl: '${relayUrl}/api/wechat/accounts/$APPID$/callback'
  authorizationPageDomain: app.outputs.hostName
  ipWhitelist: network.outputs.staticOutboundIp
}
