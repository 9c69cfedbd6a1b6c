// Key Vault for the relay's secrets: the third-party platform's AppSecret, message-check token and EncodingAESKey,
// and RELAY_SECRET_KEY (the AES-256-GCM key that seals refresh tokens and client secrets in Storage). The app reads
// them through Key Vault references; its identity gets `get` on secrets and nothing else (an access policy, so the
// permission is exactly that one verb). A secret is written only when its value is given, so a re-deployment
// without values keeps what the vault holds (RELAY_SECRET_KEY must never change under stored data).
// Docs: https://learn.microsoft.com/azure/app-service/app-service-key-vault-references
//       https://learn.microsoft.com/azure/key-vault/general/assign-access-policy

@description('Azure region.')
param location string

@description('Key Vault name (3-24 letters, digits and hyphens).')
@minLength(3)
@maxLength(24)
param name string

@description('Object (principal) id of the Function App\'s managed identity.')
param appPrincipalId string

@description('Secret values by secret name; an empty value leaves that secret as it is.')
@secure()
param secretValues object

var secretNames = ['wechat-component-appsecret', 'wechat-component-token', 'wechat-component-aes-key', 'relay-secret-key']

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: false
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    accessPolicies: [
      {
        tenantId: subscription().tenantId
        objectId: appPrincipalId
        permissions: { secrets: ['get'] }
      }
    ]
  }
}

resource secrets 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [
  for secretName in secretNames: if (!empty(secretValues[secretName] ?? '')) {
    parent: vault
    name: secretName
    properties: { value: secretValues[secretName] }
  }
]

@description('Versionless secret URIs (the app picks up a new version within a day, or at once on restart).')
output secretUris object = toObject(secretNames, n => n, n => '${vault.properties.vaultUri}secrets/${n}/')
output name string = vault.name
