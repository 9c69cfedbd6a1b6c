// One VNet with one subnet for the Function App's outbound traffic, and a NAT gateway with one static public IP on that
// subnet: with all outbound traffic routed into the VNet (vnetRouteAllEnabled), every instance, however many the plan
// scales out to, calls WeChat from this one address, the address the WeChat Open Platform's IP白名单 lists.
// Docs: https://learn.microsoft.com/azure/azure-functions/functions-how-to-use-nat-gateway
//       https://learn.microsoft.com/azure/nat-gateway/nat-overview (64,512 SNAT ports per public IP)

@description('Azure region.')
param location string

@description('Name prefix of the resources.')
param prefix string

@description('Subnet delegation: Microsoft.App/environments for Flex Consumption, Microsoft.Web/serverFarms for Elastic Premium.')
@allowed(['Microsoft.App/environments', 'Microsoft.Web/serverFarms'])
param delegation string

@description('Address space of the VNet.')
param addressPrefix string = '10.60.0.0/16'

@description('The Function App subnet (a /24 leaves room for the plan\'s largest scale-out).')
param subnetPrefix string = '10.60.0.0/24'

resource ip 'Microsoft.Network/publicIPAddresses@2024-05-01' = {
  name: '${prefix}-egress-ip'
  location: location
  sku: { name: 'Standard', tier: 'Regional' }
  properties: {
    publicIPAllocationMethod: 'Static'
    publicIPAddressVersion: 'IPv4'
    idleTimeoutInMinutes: 4
  }
}

resource nat 'Microsoft.Network/natGateways@2024-05-01' = {
  name: '${prefix}-nat'
  location: location
  sku: { name: 'Standard' }
  properties: {
    idleTimeoutInMinutes: 4
    publicIpAddresses: [{ id: ip.id }]
  }
}

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: '${prefix}-vnet'
  location: location
  properties: {
    addressSpace: { addressPrefixes: [addressPrefix] }
    subnets: [
      {
        name: 'functions'
        properties: {
          addressPrefix: subnetPrefix
          natGateway: { id: nat.id }
          delegations: [{ name: 'functions', properties: { serviceName: delegation } }]
        }
      }
    ]
  }
}

output subnetId string = vnet.properties.subnets[0].id
output staticOutboundIp string = ip.properties.ipAddress
