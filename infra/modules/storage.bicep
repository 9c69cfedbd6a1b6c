// The relay's Storage account, used only through Microsoft Entra ID: shared-key access is off, so no account key can
// leak from an app setting. The Function App's user-assigned identity gets the data roles the Functions host and the
// relay need (blobs: host locks, leases and the deployment package; queues: triggers and poison queues; tables: the
// relay's stores). The tables, queues and containers are created here, with the names the relay uses
// (storage-names.json, kept equal to functions/src/storage/azure/names.ts by a test).
// Docs: https://learn.microsoft.com/azure/storage/common/shared-key-authorization-prevent
//       https://learn.microsoft.com/azure/azure-functions/functions-reference#connecting-to-host-storage-with-an-identity

@description('Azure region.')
param location string

@description('Storage account name (3-24 lower-case letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Principal id of the Function App\'s managed identity.')
param appPrincipalId string

@description('Principal id of whoever uploads the deployment package (a user or the pipeline\'s service principal); empty for none.')
param deployerPrincipalId string = ''

@description('Kind of the deployer principal.')
@allowed(['User', 'ServicePrincipal', 'Group'])
param deployerPrincipalType string = 'User'

var names = loadJsonContent('../storage-names.json')

// Built-in role definition ids (the same in every cloud):
// https://learn.microsoft.com/azure/role-based-access-control/built-in-roles
var roles = {
  blobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  blobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
  queueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [
  for container in concat(names.containers, ['deployments']): {
    parent: blobs
    name: container
    properties: { publicAccess: 'None' }
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = [
  for queue in names.queues: {
    parent: queueService
    name: queue
  }
]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2023-05-01' = [
  for table in names.tables: {
    parent: tableService
    name: table
  }
]

var appRoles = [roles.blobDataOwner, roles.queueDataContributor, roles.tableDataContributor]

resource appAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in appRoles: {
    scope: account
    name: guid(account.id, appPrincipalId, role)
    properties: {
      principalId: appPrincipalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    }
  }
]

resource deployerAccess 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(deployerPrincipalId)) {
  scope: account
  name: guid(account.id, deployerPrincipalId, roles.blobDataContributor)
  properties: {
    principalId: deployerPrincipalId
    principalType: deployerPrincipalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.blobDataContributor)
  }
}

output name string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
output queueEndpoint string = account.properties.primaryEndpoints.queue
output tableEndpoint string = account.properties.primaryEndpoints.table
